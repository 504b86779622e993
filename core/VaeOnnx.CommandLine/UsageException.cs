namespace VaeOnnx.CommandLine;

/// <summary>A command line that cannot be run as given, found after parsing (e.g. two options that exclude each other).</summary>
/// <remarks>The message is one line meant for the user; the program exits with <see cref="ExitCodes.Usage"/>.</remarks>
public sealed class UsageException(string message) : Exception(message);
