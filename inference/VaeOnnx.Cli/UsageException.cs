namespace VaeOnnx.Cli;

/// <summary>The command line is wrong (unknown option, bad number, missing argument): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
