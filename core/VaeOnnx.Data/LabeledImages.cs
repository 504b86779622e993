namespace VaeOnnx.Data;

/// <summary>
/// 28×28 grey images with integer labels, as bytes 0–255. Models see <c>pixel / 255</c> (as torchvision's
/// <c>ToTensor</c>), never /256.
/// </summary>
public sealed record LabeledImages(byte[] Pixels, byte[] Labels)
{
    /// <summary>Side of the square images every model here takes.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (784).</summary>
    public const int PixelsPerImage = Side * Side;

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>The first <paramref name="count"/> images (all when null or larger than the set).</summary>
    public LabeledImages Take(int? count) =>
        count is not { } n || n >= Count
            ? this
            : new LabeledImages(Pixels[..(n * PixelsPerImage)], Labels[..n]);

    /// <summary>Pixels scaled to [0, 1] as float32 (<c>byte / 255</c>), the layout the models take.</summary>
    public float[] ToScaledFloats()
    {
        var result = GC.AllocateUninitializedArray<float>(Pixels.Length);
        PixelScaling.ToUnit(Pixels, result);
        return result;
    }
}
