namespace VaeOnnx.Cli;

/// <summary>Output file kinds, told by the extension of <c>--out</c>.</summary>
internal enum OutputKind
{
    Png,
    Npy,
    Csv,
}
