using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace VaeOnnx.CommandLine;

/// <summary>
/// Parses and runs a program's <see cref="RootCommand"/> with the project's error policy: a parse or validation
/// error is one line naming the option and what is allowed (with a suggestion for a typo), then a usage hint, exit 2;
/// an exception from a command becomes one line and the exit code of <see cref="ErrorPolicy"/>.
/// </summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="root"/> on <paramref name="args"/>; returns the exit code.</summary>
    /// <param name="root">The program's commands and options.</param>
    /// <param name="program">The program's name, for messages (<c>vae-train</c>).</param>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output (help, results); the console when null.</param>
    /// <param name="error">Standard error (messages); the console when null.</param>
    public static int Run(RootCommand root, string program, IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null) =>
        Invoke(root, program, args, output ?? Console.Out, error ?? Console.Error,
            (result, configuration) => Task.FromResult(result.Invoke(configuration))).GetAwaiter().GetResult();

    /// <summary>Like <see cref="Run"/>, for programs with asynchronous commands.</summary>
    public static Task<int> RunAsync(RootCommand root, string program, IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null,
        CancellationToken cancellationToken = default) =>
        Invoke(root, program, args, output ?? Console.Out, error ?? Console.Error,
            (result, configuration) => result.InvokeAsync(configuration, cancellationToken));

    private static async Task<int> Invoke(RootCommand root, string program, IReadOnlyList<string> args, TextWriter output, TextWriter error,
        Func<ParseResult, InvocationConfiguration, Task<int>> invoke)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // The policy below reports failures; each program handles its own signals (training checkpoints first).
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            var result = root.Parse(args);
            if (result.Errors.Count > 0)
            {
                await error.WriteLineAsync($"{program}: {Describe(result, configuration)}").ConfigureAwait(false);
                await error.WriteLineAsync($"See '{CommandPath(program, result.CommandResult)} --help'.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
            return await invoke(result, configuration).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (code, message) = ErrorPolicy.Describe(e);
            await error.WriteLineAsync($"{program}: {message}").ConfigureAwait(false);
            return code;
        }
    }

    /// <summary>The first error on one line; for an unknown token, with the library's closest matches.</summary>
    private static string Describe(ParseResult result, InvocationConfiguration configuration)
    {
        string message = ErrorPolicy.OneLine(result.Errors[0].Message);
        if (result.UnmatchedTokens.Count == 0 || result.Action is not ParseErrorAction action)
        {
            return message;
        }
        string token = result.UnmatchedTokens[0];
        message = token.StartsWith('-') ? $"unknown option '{token}'" : $"unexpected argument '{token}'";
        // System.CommandLine's typo corrections are only printed, so capture them and keep the suggestions.
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        using var suggestions = new StringWriter();
        result.Invoke(new InvocationConfiguration { Output = suggestions, Error = TextWriter.Null });
        var lines = suggestions.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int first = Array.FindIndex(lines, l => l.StartsWith($"'{token}' was not matched", StringComparison.Ordinal));
        var matches = first < 0 ? [] : lines.Skip(first + 1).TakeWhile(l => !l.Contains(" was not matched", StringComparison.Ordinal))
            .Where(l => l.StartsWith("--", StringComparison.Ordinal) || !token.StartsWith('-')).ToArray();
        return matches.Length > 0 ? $"{message} (did you mean {string.Join(" or ", matches)}?)" : message;
    }

    private static string CommandPath(string program, CommandResult command)
    {
        var names = new Stack<string>();
        for (SymbolResult? s = command; s is CommandResult c && c.Parent is not null; s = s.Parent)
        {
            names.Push(c.Command.Name);
        }
        return names.Count == 0 ? program : $"{program} {string.Join(' ', names)}";
    }
}
