namespace VaeOnnx.Cli;

/// <summary>
/// The value of a comma-separated integer option (<c>--batch 1,64,1024</c>). Not a collection on purpose: help shows
/// a default by its text, and System.CommandLine would join a collection's items with '|', which is not the syntax.
/// </summary>
internal sealed record IntList(int[] Values)
{
    public int this[int index] => Values[index];

    public int Count => Values.Length;

    /// <summary><c>1,64,1024</c>, as the option is written.</summary>
    public override string ToString() => string.Join(',', Values);
}
