using System.CommandLine;

namespace VaeOnnx.CommandLine;

/// <summary>Where a command writes: the writers <see cref="CliRunner"/> was given.</summary>
public static class ParseResultExtensions
{
    /// <summary>Standard output of the invocation.</summary>
    public static TextWriter Out(this ParseResult result) => result.InvocationConfiguration.Output;

    /// <summary>Standard error of the invocation.</summary>
    public static TextWriter Error(this ParseResult result) => result.InvocationConfiguration.Error;

    /// <summary>Whether <paramref name="option"/> was given on the command line (not a default).</summary>
    public static bool IsGiven(this ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };
}
