namespace VaeOnnx.Data;

/// <summary>Layout of an <see cref="ImageGrid"/>.</summary>
public sealed record ImageGridOptions
{
    private const int MnistSide = 28;

    /// <summary>Width of each tile in source pixels (default: MNIST's 28).</summary>
    public int ImageWidth { get; init; } = MnistSide;

    /// <summary>Height of each tile in source pixels (default: MNIST's 28).</summary>
    public int ImageHeight { get; init; } = MnistSide;

    /// <summary>Output pixels between tiles and around the border (as torchvision's <c>make_grid</c>, default 2).</summary>
    public int Padding { get; init; } = 2;

    /// <summary>Grey level of the padding (0 = black, the MNIST background).</summary>
    public byte PadValue { get; init; }

    /// <summary>Integer nearest-neighbour magnification of every tile (1 = none).</summary>
    public int Scale { get; init; } = 1;
}

/// <summary>
/// Composes many small images into one grey image of <c>rows × columns</c> tiles, row by row (left to right,
/// top to bottom). Size: <c>columns·(ImageWidth·Scale) + (columns+1)·Padding</c> wide, likewise high.
/// Cells past the last image stay at the pad value.
/// </summary>
public static class ImageGrid
{
    /// <summary>Columns for a roughly square grid of <paramref name="count"/> tiles: ⌈√count⌉.</summary>
    public static int SquareColumns(int count) => Math.Max(1, (int)Math.Ceiling(Math.Sqrt(Math.Max(1, count))));

    /// <summary>Composes float images with values in [0,1] (rounded and clamped to bytes).</summary>
    public static GrayImage Compose(ReadOnlySpan<float> images, int columns, ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        Validate(images.Length, columns, options);
        var bytes = GC.AllocateUninitializedArray<byte>(images.Length);
        PixelScaling.ToBytes(images, bytes);
        return Compose((ReadOnlySpan<byte>)bytes, columns, options);
    }

    /// <summary>Composes 8-bit images.</summary>
    public static GrayImage Compose(ReadOnlySpan<byte> images, int columns, ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        int count = images.Length / Validate(images.Length, columns, options);
        var pixels = Layout(images, count, columns, options, options.PadValue, out int width, out int height);
        return new GrayImage(pixels, width, height);
    }

    /// <summary>
    /// The layout behind every grid: <paramref name="tiles"/> cells (at least as many as there are images; the rest stay
    /// <paramref name="pad"/>) in rows of <paramref name="columns"/>, row-major <c>width × height</c> values. Figures use
    /// it with floats and a NaN pad, PNG grids with bytes.
    /// </summary>
    public static T[] Layout<T>(ReadOnlySpan<T> images, int tiles, int columns, ImageGridOptions options, T pad, out int width, out int height)
    {
        ArgumentNullException.ThrowIfNull(options);
        int size = Validate(images.Length, columns, options);
        int count = images.Length / size;
        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, count);
        (width, height) = Size(tiles, columns, options);
        if ((long)width * height > Array.MaxLength)
        {
            throw new ArgumentException($"grid of {width}×{height} pixels is too large");
        }
        var values = new T[width * height];
        values.AsSpan().Fill(pad);
        var o = options;
        int tileW = o.ImageWidth * o.Scale, tileH = o.ImageHeight * o.Scale;
        for (int i = 0; i < count; i++)
        {
            int left = o.Padding + ((i % columns) * (tileW + o.Padding));
            int top = o.Padding + ((i / columns) * (tileH + o.Padding));
            var image = images.Slice(i * size, size);
            for (int y = 0; y < tileH; y++)
            {
                var source = image.Slice(y / o.Scale * o.ImageWidth, o.ImageWidth);
                var row = values.AsSpan(((top + y) * width) + left, tileW);
                if (o.Scale == 1)
                {
                    source.CopyTo(row);
                    continue;
                }
                for (int x = 0; x < tileW; x++)
                {
                    row[x] = source[x / o.Scale];
                }
            }
        }
        return values;
    }

    /// <summary>The size of the grid for <paramref name="count"/> tiles in <paramref name="columns"/> columns.</summary>
    public static (int Width, int Height) Size(int count, int columns, ImageGridOptions? options = null)
    {
        options ??= new ImageGridOptions();
        int rows = (count + columns - 1) / columns;
        int cols = Math.Min(columns, count);
        return ((cols * options.ImageWidth * options.Scale) + ((cols + 1) * options.Padding),
                (rows * options.ImageHeight * options.Scale) + ((rows + 1) * options.Padding));
    }

    private static int Validate(int length, int columns, ImageGridOptions options)
    {
        if (options.ImageWidth <= 0 || options.ImageHeight <= 0 || options.Scale <= 0 || options.Padding < 0)
        {
            throw new ArgumentException($"bad grid options (tile {options.ImageWidth}×{options.ImageHeight}, scale {options.Scale}, padding {options.Padding})", nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        int size = options.ImageWidth * options.ImageHeight;
        if (length == 0 || length % size != 0)
        {
            throw new ArgumentException($"images hold {length} values, not a positive multiple of {size} ({options.ImageWidth}×{options.ImageHeight})", nameof(length));
        }
        return size;
    }
}
