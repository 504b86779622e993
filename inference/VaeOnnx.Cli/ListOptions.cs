using System.CommandLine;
using System.Globalization;

namespace VaeOnnx.Cli;

/// <summary>
/// Options that take a comma-separated list in one token (<c>--batch 1,64,1024</c>, <c>--z 0.5,-1.2</c>), in the
/// style of <see cref="VaeOnnx.CommandLine.CliOptions"/>: a bad value is a parse error naming the option and what it takes.
/// </summary>
internal static class ListOptions
{
    /// <summary>Integers of at least <paramref name="min"/>; exactly <paramref name="count"/> of them when given.</summary>
    public static Option<IntList> Ints(string name, string description, int[] defaultValue, int min, string helpName, int? count = null)
    {
        var option = Build<IntList>(name, description, helpName, text =>
        {
            var (values, error) = ParseInts(text, min, count);
            return (values is null ? null : new IntList(values), error);
        });
        option.DefaultValueFactory = _ => new IntList(defaultValue);
        return option;
    }

    /// <summary>
    /// Comma-separated integers of at least <paramref name="min"/> (exactly <paramref name="count"/> of them when
    /// given), or the reason they are not.
    /// </summary>
    public static (int[]? Values, string? Error) ParseInts(string text, int min, int? count = null)
    {
        string expected = count is { } n ? $"{n} comma-separated integers of at least {min}" : $"comma-separated integers of at least {min}";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]) || values[i] < min)
            {
                return (null, $"expects {expected}, got '{text}'");
            }
        }
        return count is { } c && values.Length != c ? (null, $"expects {expected}, got {values.Length}") : (values, null);
    }

    /// <summary>One latent code: comma-separated finite numbers (null when not given).</summary>
    public static Option<float[]?> Code(string name, string description) =>
        Build<float[]?>(name, description, "CODE", Floats);

    /// <summary>Latent codes, each comma-separated, separated by ';' (null when not given).</summary>
    public static Option<float[][]?> Codes(string name, string description) =>
        Build<float[][]?>(name, description, "CODES", text =>
        {
            var parts = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return (null, "needs at least one code");
            }
            var codes = new float[parts.Length][];
            for (int i = 0; i < parts.Length; i++)
            {
                var (code, error) = Floats(parts[i]);
                if (code is null)
                {
                    return (null, error);
                }
                codes[i] = code;
            }
            return (codes, null);
        });

    private static (float[]? Code, string? Error) Floats(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !float.IsFinite(values[i]))
            {
                return (null, $"expects comma-separated finite numbers, got '{parts[i]}' in '{text}'");
            }
        }
        return (values, null);
    }

    /// <summary>A one-token option whose text <paramref name="parse"/> turns into a value or an error (a parse error naming the option).</summary>
    public static Option<T> Build<T>(string name, string description, string helpName, Func<string, (T? Value, string? Error)> parse)
    {
        // One token (the list is comma-separated inside it); an array option would otherwise take several.
        var option = new Option<T>(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.ExactlyOne };
        option.CustomParser = result =>
        {
            var (value, error) = parse(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "");
            if (error is not null)
            {
                result.AddError($"{name}: {error}");
            }
            return value!;
        };
        return option;
    }
}
