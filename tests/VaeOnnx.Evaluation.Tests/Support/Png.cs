using SkiaSharp;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>Checks on rendered figures.</summary>
internal static class Png
{
    /// <summary>Asserts the bytes are a PNG of the given size that is not blank (enough non-white, varied pixels).</summary>
    public static void AssertFigure(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 8 && png[0] == 0x89 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', "not a PNG");
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        int inked = 0, sampled = 0;
        var colours = new HashSet<uint>();
        for (int y = 0; y < bitmap.Height; y += 3)
        {
            for (int x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                sampled++;
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235)
                {
                    inked++;
                }
                colours.Add((uint)c);
            }
        }
        Assert.True(inked > sampled / 100, $"figure looks blank: {inked} of {sampled} sampled pixels are not white");
        Assert.True(colours.Count > 8, $"figure has only {colours.Count} colours");
    }
}
