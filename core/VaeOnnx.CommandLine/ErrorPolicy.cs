using VaeOnnx.Data;

namespace VaeOnnx.CommandLine;

/// <summary>
/// The one way from an exception that escapes a command to what the user sees: an exit code and one line. Bad input
/// (usage, files, data, arguments the libraries refuse) is <see cref="ExitCodes.Usage"/> with the exception's own
/// message, which names the option or file; cancellation is <see cref="ExitCodes.Interrupted"/>; anything else is
/// <see cref="ExitCodes.Failure"/>, reported by type and message, never as a stack trace.
/// </summary>
public static class ErrorPolicy
{
    /// <summary>The exit code and one-line message for <paramref name="error"/>.</summary>
    public static (int Code, string Message) Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            UsageException => (ExitCodes.Usage, OneLine(error.Message)),
            DataFileException { Hint: { } hint } => (ExitCodes.Usage, OneLine($"{error.Message} ({hint})")),
            DataFileException => (ExitCodes.Usage, OneLine(error.Message)),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted"),
            // The libraries validate what they are given; from a program, that is what the user typed or sent.
            ArgumentException a => (ExitCodes.Usage, OneLine(a.ParamName is { } p ? a.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : a.Message)),
            UnauthorizedAccessException or IOException => (ExitCodes.Usage, OneLine(error.Message)),
            _ => (ExitCodes.Failure, OneLine($"unexpected {error.GetType().Name}: {error.Message}")),
        };
    }

    /// <summary>Folds a message onto one line.</summary>
    public static string OneLine(string message) =>
        string.Join(' ', (message ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
