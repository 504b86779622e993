using System.Globalization;
using System.Text.RegularExpressions;

namespace VaeOnnx.Serve.Tests.Support;

/// <summary>A Prometheus text exposition, parsed into samples: name, labels, value.</summary>
internal sealed partial class MetricsText(string text)
{
    public IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Samples =>
        text.Split('\n').Where(line => line.Length > 0 && line[0] != '#').Select(Parse);

    /// <summary>The value of the one sample named <paramref name="name"/> with (at least) these labels; 0 when there is none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).ToList();
        Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} match");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    private static (string, Dictionary<string, string>, double) Parse(string line)
    {
        var match = SampleLine().Match(line);
        Assert.True(match.Success, $"not a sample line: {line}");
        var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return (match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LabelPair();
}
