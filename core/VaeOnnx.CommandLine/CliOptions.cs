using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;

namespace VaeOnnx.CommandLine;

/// <summary>
/// Typed options declared once with their description, default and validation. A bad value becomes one parse
/// error naming the option (or the configuration source of the value) and what is allowed; help shows the default.
/// </summary>
public static class CliOptions
{
    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min = int.MinValue, int max = int.MaxValue,
        ConfiguredValue? configured = null, params string[] aliases) =>
        Build(name, description, defaultValue, "N", configured, aliases, text =>
            !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) ? (false, 0, $"'{text}' is not an integer")
            : value < min || value > max ? (false, 0, $"must be {Range(min, max)} (got {value})")
            : (true, value, null));

    /// <summary>A finite number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<double> Double(string name, string description, double defaultValue, double min = double.MinValue, double max = double.MaxValue,
        ConfiguredValue? configured = null, params string[] aliases) =>
        Build(name, description, defaultValue, "X", configured, aliases, text =>
            !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) ? (false, 0.0, $"'{text}' is not a number")
            : value < min || value > max ? (false, 0.0, $"must be {Range(min, max)} (got {value.ToString(CultureInfo.InvariantCulture)})")
            : (true, value, null));

    /// <summary>A non-empty text, e.g. a path (<paramref name="helpName"/> is shown in help: DIR, FILE).</summary>
    public static Option<string> Text(string name, string description, string defaultValue, string helpName,
        ConfiguredValue? configured = null, params string[] aliases) =>
        Build(name, description, defaultValue, helpName, configured, aliases, text =>
            string.IsNullOrWhiteSpace(text) ? (false, "", "needs a non-empty value") : (true, text, null));

    /// <summary>A text that must be given (no default), e.g. an input file.</summary>
    public static Option<string> RequiredText(string name, string description, string helpName, params string[] aliases)
    {
        var option = Text(name, description, "", helpName, null, aliases);
        option.DefaultValueFactory = null;
        option.Required = true;
        return option;
    }

    /// <summary>A text that may be left out (null then).</summary>
    public static Option<string?> OptionalText(string name, string description, string helpName, ConfiguredValue? configured = null,
        params string[] aliases) =>
        Build<string?>(name, description, null, helpName, configured, aliases, text =>
            string.IsNullOrWhiteSpace(text) ? (false, null, "needs a non-empty value") : (true, text, null), showDefault: false);

    /// <summary>An integer that may be left out (null then).</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue, int max = int.MaxValue, params string[] aliases) =>
        Build<int?>(name, description, null, "N", null, aliases, text =>
            !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) ? (false, null, $"'{text}' is not an integer")
            : value < min || value > max ? (false, null, $"must be {Range(min, max)} (got {value})")
            : (true, value, null), showDefault: false);

    /// <summary>
    /// One of the members of <typeparamref name="T"/>, written in lower case with dashes between words
    /// (<c>TrainTest</c> is <c>train-test</c>).
    /// </summary>
    public static Option<T> Choice<T>(string name, string description, T defaultValue, ConfiguredValue? configured = null, params string[] aliases)
        where T : struct, Enum
    {
        var members = Enum.GetValues<T>();
        var choices = members.ToDictionary(ChoiceName, v => v, StringComparer.OrdinalIgnoreCase);
        string allowed = string.Join(", ", choices.Keys);
        // Help prints the default as the member's own name (TrainTest): System.CommandLine 2.0's help builder is
        // internal and formats defaults with ToString. That spelling is accepted too, so what help shows works.
        foreach (T member in members)
        {
            choices.TryAdd(member.ToString(), member);
        }
        return Build(name, description, defaultValue, string.Join('|', members.Select(ChoiceName)), configured, aliases, text =>
            choices.TryGetValue(text, out T value) ? (true, value, null) : (false, default, $"'{text}' is not one of {allowed}"));
    }

    /// <summary>A plain flag: present or not (<c>--no-export</c>, never <c>--no-export true</c>).</summary>
    public static Option<bool> Flag(string name, string description, ConfiguredValue? configured = null, params string[] aliases)
    {
        var option = new Option<bool>(name, aliases) { Description = description, Arity = ArgumentArity.Zero };
        if (configured is not null)
        {
            option.DefaultValueFactory = result => bool.TryParse(configured.Text, out bool value)
                ? value
                : Fail<bool>(result, configured.Source, $"'{configured.Text}' is not true or false");
        }
        return option;
    }

    /// <summary>The command-line spelling of an enum member: lower case, dashes between words.</summary>
    public static string ChoiceName<T>(T value) where T : struct, Enum
    {
        string text = value.ToString();
        var name = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0)
            {
                name.Append('-');
            }
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }

    private static Option<T> Build<T>(string name, string description, T defaultValue, string helpName, ConfiguredValue? configured,
        string[] aliases, Func<string, (bool Ok, T Value, string? Error)> parse, bool showDefault = true)
    {
        var option = new Option<T>(name, aliases) { Description = description, HelpName = helpName };
        option.CustomParser = result => Convert(result, name, result.Tokens.Count > 0 ? result.Tokens[^1].Value : "", parse);
        if (configured is not null)
        {
            option.DefaultValueFactory = result => Convert(result, configured.Source, configured.Text, parse);
        }
        else if (showDefault)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }
        return option;
    }

    private static T Convert<T>(ArgumentResult result, string source, string text, Func<string, (bool Ok, T Value, string? Error)> parse)
    {
        var (ok, value, error) = parse(text);
        return ok ? value : Fail<T>(result, source, error!);
    }

    private static T Fail<T>(ArgumentResult result, string source, string error)
    {
        result.AddError($"{source}: {error}");
        return default!;
    }

    private static string Range(double min, double max) =>
        max >= int.MaxValue && min <= int.MinValue ? "a number"
        : max >= int.MaxValue ? $"at least {min.ToString(CultureInfo.InvariantCulture)}"
        : min <= int.MinValue ? $"at most {max.ToString(CultureInfo.InvariantCulture)}"
        : $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
}
