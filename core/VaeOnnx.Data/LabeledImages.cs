namespace VaeOnnx.Data;

/// <summary>
/// Grey images of <see cref="Rows"/>×<see cref="Columns"/> pixels with integer labels, as bytes 0–255. Models see
/// <c>pixel / 255</c> (as torchvision's <c>ToTensor</c>), never /256.
/// </summary>
/// <param name="Pixels">Image-major, row-major bytes.</param>
/// <param name="Labels">One label per image.</param>
/// <param name="Rows">Height of each image.</param>
/// <param name="Columns">Width of each image.</param>
public sealed record LabeledImages(byte[] Pixels, byte[] Labels, int Rows, int Columns)
{
    /// <summary>Pixels per image.</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>The first <paramref name="count"/> images (all when null or larger than the set).</summary>
    public LabeledImages Take(int? count) =>
        count is not { } n || n >= Count
            ? this
            : this with { Pixels = Pixels[..(n * PixelsPerImage)], Labels = Labels[..n] };

    /// <summary>Pixels scaled to [0, 1] as float32 (<c>byte / 255</c>), the layout the models take.</summary>
    public float[] ToScaledFloats()
    {
        var result = GC.AllocateUninitializedArray<float>(Pixels.Length);
        PixelScaling.ToUnit(Pixels, result);
        return result;
    }
}
