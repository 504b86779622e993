using System.Globalization;

namespace VaeOnnx.Cli;

/// <summary>An option a command accepts: <c>--name VALUE</c> (or <c>--name=VALUE</c>) or a flag.</summary>
internal sealed record Opt(string Name, bool TakesValue = true, string? Alias = null);

/// <summary>
/// Small and strict: every token must be a known option or one of the allowed positional arguments; options
/// with a value always take the next token (so <c>--z -1,2</c> works); repeating an option is an error.
/// </summary>
internal sealed class ParsedArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    private ParsedArgs(string verb) => Verb = verb;

    public string Verb { get; }

    public List<string> Positional { get; } = [];

    public static ParsedArgs Parse(string verb, IReadOnlyList<string> args, IReadOnlyList<Opt> options, int maxPositional)
    {
        var parsed = new ParsedArgs(verb);
        for (int i = 0; i < args.Count; i++)
        {
            string token = args[i];
            if (token.Length > 1 && token[0] == '-' && !IsNumber(token))
            {
                string name = token, inline = null!;
                bool hasInline = false;
                int eq = token.IndexOf('=', StringComparison.Ordinal);
                if (token.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    name = token[..eq];
                    inline = token[(eq + 1)..];
                    hasInline = true;
                }
                var opt = options.FirstOrDefault(o => o.Name == name || o.Alias == name)
                    ?? throw new UsageException($"unknown option '{name}' for 'vae {verb}' (see `vae {verb} --help`)");
                if (parsed._values.ContainsKey(opt.Name))
                {
                    throw new UsageException($"option {opt.Name} given more than once");
                }
                if (!opt.TakesValue)
                {
                    if (hasInline)
                    {
                        throw new UsageException($"option {opt.Name} takes no value");
                    }
                    parsed._values[opt.Name] = null;
                    continue;
                }
                if (!hasInline)
                {
                    if (i + 1 >= args.Count)
                    {
                        throw new UsageException($"option {opt.Name} needs a value");
                    }
                    inline = args[++i];
                }
                parsed._values[opt.Name] = inline;
                continue;
            }
            if (parsed.Positional.Count >= maxPositional)
            {
                throw new UsageException(maxPositional == 0
                    ? $"'vae {verb}' takes no positional argument, got '{token}' (see `vae {verb} --help`)"
                    : $"unexpected extra argument '{token}' for 'vae {verb}'");
            }
            parsed.Positional.Add(token);
        }
        return parsed;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out string? v) ? v : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public string Require(string name) =>
        Get(name) is { Length: > 0 } v ? v : throw new UsageException($"'vae {Verb}' needs {name} (see `vae {Verb} --help`)");

    public int GetInt(string name, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Get(name) is not { } text)
        {
            return fallback;
        }
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            throw new UsageException($"{name} expects an integer, got '{text}'");
        }
        if (value < min || value > max)
        {
            throw new UsageException($"{name} must be {Range(min, max)}, got {value}");
        }
        return value;
    }

    public int? GetOptionalInt(string name, int min = int.MinValue, int max = int.MaxValue) =>
        Has(name) ? GetInt(name, 0, min, max) : null;

    public double GetDouble(string name, double fallback, double min = double.MinValue)
    {
        if (Get(name) is not { } text)
        {
            return fallback;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new UsageException($"{name} expects a number, got '{text}'");
        }
        if (value < min)
        {
            throw new UsageException($"{name} must be ≥ {min.ToString(CultureInfo.InvariantCulture)}, got {text}");
        }
        return value;
    }

    public int[] GetIntList(string name, int[] fallback, int min = int.MinValue)
    {
        if (Get(name) is not { } text)
        {
            return fallback;
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]) || values[i] < min)
            {
                throw new UsageException($"{name} expects comma-separated integers ≥ {min}, got '{text}'");
            }
        }
        return values;
    }

    /// <summary>Parses "a,b,c" into floats (NaN and ∞ are parsed; the library rejects them with a clear message).</summary>
    public static float[] ParseFloats(string name, string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new UsageException($"{name} expects comma-separated numbers, got '{parts[i]}' in '{text}'");
            }
        }
        return values;
    }

    private static bool IsNumber(string token) =>
        double.TryParse(token.Split(',', ';')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"≥ {min}" : min == int.MinValue ? $"≤ {max}" : $"between {min} and {max}";
}
