using System.CommandLine;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;

namespace VaeOnnx.Cli;

/// <summary>
/// <c>--digit D</c> and <c>--labels FILE|LIST</c>, declared once and added to every verb that encodes or decodes:
/// the class labels of a conditional model, one per image or code in 0..K-1 (K from the model's signature). A
/// conditional model needs one of them, an unconditional one refuses both; giving both is a parse error.
/// </summary>
internal sealed class LabelOptions
{
    public LabelOptions() => Digit.HelpName = "D";

    public Option<int?> Digit { get; } = CliOptions.OptionalInt("--digit",
        "conditional model: the label of every image or code (--digit 7 draws sevens)", 0);

    public Option<LabelSource?> Labels { get; } = ListOptions.Build<LabelSource?>("--labels",
        $"conditional model: one label per image or code, as a list (3,1,4), {LabelFile.Formats}", "FILE|LIST", LabelSource.Parse);

    /// <summary>Adds the options to <paramref name="command"/>, with the check that at most one of them is given.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Digit);
        command.Options.Add(Labels);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Digit) is { Implicit: false } && result.GetResult(Labels) is { Implicit: false })
            {
                result.AddError($"give {Digit.Name} or {Labels.Name}, not both");
            }
        });
    }

    /// <summary>
    /// The labels the command line gives for a model of <paramref name="signature"/>, each checked against its classes
    /// (a <c>--labels</c> file is read here); their count is checked per call (<see cref="Labelling.For"/>).
    /// </summary>
    /// <exception cref="UsageException">A label missing for a conditional model, given to an unconditional one, or outside 0..K-1.</exception>
    public Labelling Read(ParseResult result, VaeSignature signature)
    {
        int? digit = result.GetValue(Digit);
        var source = result.GetValue(Labels);
        var conditioning = signature.Conditioning;
        if (!conditioning.IsConditional)
        {
            return digit is null && source is null
                ? Labelling.None
                : throw new UsageException($"{(digit is null ? Labels.Name : Digit.Name)}: this model is not conditional (it takes no label)");
        }
        int last = conditioning.Classes - 1;
        if (digit is { } d)
        {
            return d <= last ? Labelling.Digit(d) : throw new UsageException($"{Digit.Name}: {d} is outside 0..{last}, the model's classes");
        }
        if (source is null)
        {
            throw new UsageException($"this model is conditioned on a label in 0..{last}: give {Digit.Name} D (one for all) or {Labels.Name} FILE|LIST (one per image or code)");
        }
        if (source.Values is null && !File.Exists(source.Text))
        {
            // Not a list (LabelSource took it for a file name) and no such file: say both, so "1,2,x" reads as a typo.
            throw new UsageException($"{Labels.Name}: {source.Text}: file not found, and not a list of labels such as 3,1,4");
        }
        var labels = source.Values ?? LabelFile.Read(source.Text);
        string from = source.Values is null ? $" in {source.Text}" : "";
        if (labels.Length == 0)
        {
            throw new UsageException($"{Labels.Name}: no labels{from}");
        }
        int bad = Array.FindIndex(labels, label => label > last);
        return bad < 0
            ? Labelling.List(labels, Labels.Name)
            : throw new UsageException($"{Labels.Name}: label {labels[bad]} (item {bad}){from} is outside 0..{last}, the model's classes");
    }
}
