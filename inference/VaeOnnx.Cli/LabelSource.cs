namespace VaeOnnx.Cli;

/// <summary>
/// The value of <c>--labels</c> as given: a comma-separated list of class indices (<see cref="Values"/>), or the
/// name of a file to read them from (<see cref="LabelFile"/>), which is read once the model is loaded.
/// </summary>
internal sealed record LabelSource(string Text, int[]? Values)
{
    /// <summary>
    /// A value made of digits, commas, signs and spaces only is a list (<c>3,1,4</c>, or <c>7</c>); anything else
    /// names a file. A list of anything but integers of at least 0 is refused.
    /// </summary>
    public static (LabelSource? Value, string? Error) Parse(string text)
    {
        if (!text.All(c => char.IsAsciiDigit(c) || c is ',' or '-' or '+' || char.IsWhiteSpace(c)))
        {
            return (new LabelSource(text, null), null);
        }
        var (values, error) = ListOptions.ParseInts(text, min: 0);
        return values is null ? (null, $"{error} (or a file)") : (new LabelSource(text, values), null);
    }

    /// <summary>The text as given (help and messages show it).</summary>
    public override string ToString() => Text;
}
