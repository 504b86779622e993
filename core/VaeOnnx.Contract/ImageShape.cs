using System.Globalization;
using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>The shape of one image after the batch dimension: <c>[Channels, Height, Width]</c>, pixels row-major.</summary>
/// <param name="Channels">Colour channels (1 for grey).</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>MNIST and Fashion-MNIST: one grey channel of 28×28.</summary>
    public static ImageShape Mnist { get; } = new(1, 28, 28);

    /// <summary>Values per image (<c>Channels × Height × Width</c>).</summary>
    [JsonIgnore]
    public int Size => Channels * Height * Width;

    /// <summary>The tensor shape with a batch of <paramref name="batch"/> in front: <c>[batch, C, H, W]</c>.</summary>
    public long[] WithBatch(long batch) => [batch, Channels, Height, Width];

    /// <summary><c>1x28x28</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Channels}x{Height}x{Width}");

    /// <summary>Parses <c>CxHxW</c> (as <see cref="ToString"/> writes it); null when the text is not that.</summary>
    public static ImageShape? TryParse(string? text)
    {
        string[] parts = (text ?? "").Split('x');
        if (parts.Length != 3)
        {
            return null;
        }
        var dims = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] <= 0)
            {
                return null;
            }
        }
        return new ImageShape(dims[0], dims[1], dims[2]);
    }

    internal void Validate()
    {
        if (Channels <= 0 || Height <= 0 || Width <= 0 || (long)Channels * Height * Width > int.MaxValue / 16)
        {
            throw new SignatureException($"image shape {this} is not a positive, reasonably sized [C,H,W]");
        }
    }
}
