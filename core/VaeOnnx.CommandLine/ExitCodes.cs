namespace VaeOnnx.CommandLine;

/// <summary>The exit codes of every VaeOnnx program.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug or the machine): one line says what.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage, configuration or data: one line names the option or file and what was expected.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C or SIGTERM (training writes a checkpoint first).</summary>
    public const int Interrupted = 130;
}
