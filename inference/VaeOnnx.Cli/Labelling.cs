using VaeOnnx.CommandLine;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli;

/// <summary>
/// The labels of one command, checked against the model (see <see cref="LabelOptions.Read"/>): none for an
/// unconditional model, one class for every image or code (<c>--digit</c>), or one per image or code
/// (<c>--labels</c>), whose count must match. The calls pick the library overload that fits.
/// </summary>
internal sealed class Labelling
{
    private readonly int? _digit;
    private readonly int[]? _list;
    private readonly string _listOption;

    private Labelling(int? digit, int[]? list, string listOption)
    {
        _digit = digit;
        _list = list;
        _listOption = listOption;
    }

    /// <summary>An unconditional model: calls take no label.</summary>
    public static Labelling None { get; } = new(null, null, "");

    /// <summary>How many labels a list holds; null for none or one class for all.</summary>
    public int? Count => _list?.Length;

    /// <summary>One class for every image or code.</summary>
    public static Labelling Digit(int digit) => new(digit, null, "");

    /// <summary>One label per image or code, as given by <paramref name="option"/> (named when the count is wrong).</summary>
    public static Labelling List(int[] labels, string option) => new(null, labels, option);

    /// <summary>The labels of the first <paramref name="count"/> images, to go with a <c>--limit</c> on them.</summary>
    public Labelling First(int? count) =>
        _list is not null && count is { } n && n < _list.Length ? new(null, _list[..n], _listOption) : this;

    /// <summary>
    /// The labels of <paramref name="count"/> items (each an <paramref name="item"/>: "image", "code"); null for an
    /// unconditional model.
    /// </summary>
    /// <exception cref="UsageException">A list of another length.</exception>
    public int[]? For(int count, string item)
    {
        if (_digit is { } digit)
        {
            return [.. Enumerable.Repeat(digit, count)];
        }
        if (_list is not null && _list.Length != count)
        {
            throw new UsageException($"{_listOption}: {Plural(_list.Length, "label")} for {Plural(count, item)}: give one per {item}, or --digit D for all");
        }
        return _list;
    }

    /// <summary>Decodes <paramref name="z"/>, each code under its label; <paramref name="item"/> names what the codes are to the user.</summary>
    public float[] Decode(VaeModel model, float[] z, string item) =>
        For(z.Length / model.LatentDim, item) is { } labels ? model.Decode(z, labels) : model.Decode(z);

    /// <summary>Encodes <paramref name="images"/>, each under its label.</summary>
    public VaeLatents Encode(VaeModel model, float[] images) =>
        For(images.Length / model.ImageSize, "image") is { } labels ? model.Encode(images, labels) : model.Encode(images);

    /// <summary>Reconstructs <paramref name="images"/>, each under its label.</summary>
    public float[] Reconstruct(VaeModel model, float[] images) =>
        For(images.Length / model.ImageSize, "image") is { } labels ? model.Reconstruct(images, labels) : model.Reconstruct(images);

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
