namespace VaeOnnx.Data;

/// <summary>An 8-bit grey image, row-major, <see cref="Width"/> × <see cref="Height"/> bytes.</summary>
public sealed record GrayImage(byte[] Pixels, int Width, int Height)
{
    /// <summary>The byte at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y] => Pixels[(y * Width) + x];
}
