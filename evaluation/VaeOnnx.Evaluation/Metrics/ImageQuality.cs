namespace VaeOnnx.Evaluation.Metrics;

/// <summary>Per-image reconstruction quality of a batch: one entry per image, in input order.</summary>
/// <param name="Ssim">Mean structural similarity (scikit-image defaults).</param>
/// <param name="Psnr">Peak signal-to-noise ratio in dB; <see cref="double.PositiveInfinity"/> for identical images.</param>
/// <param name="Mse">Mean squared error.</param>
public sealed record ImageQualityScores(double[] Ssim, double[] Psnr, double[] Mse)
{
    /// <summary>Number of image pairs scored.</summary>
    public int Count => Ssim.Length;
}

/// <summary>
/// SSIM, PSNR and MSE of grey images with values in [0, <c>dataRange</c>], computed in double precision.
/// </summary>
/// <remarks>
/// SSIM equals scikit-image's <c>structural_similarity(a, b, data_range=1)</c> with its defaults: a 7×7 uniform
/// window, K1 = 0.01, K2 = 0.03, sample covariance (<c>cov_norm = 49/48</c>), and the mean of the SSIM map over
/// the interior after cropping <c>(win_size - 1) / 2 = 3</c> pixels on every side. Every pixel of that interior
/// has its whole window inside the image, so only "valid" windows are evaluated (the border handling of
/// <c>uniform_filter</c> never matters). Window sums come from integral images, accumulated in double.
/// PSNR is <c>10·log10(dataRange² / MSE)</c>; identical images have MSE 0 and PSNR +∞ (as NumPy gives), which
/// callers report per image and leave out of means (see <see cref="DescriptiveStatistics"/>).
/// </remarks>
public static class ImageQuality
{
    /// <summary>Side of the uniform SSIM window (scikit-image default).</summary>
    public const int DefaultWindowSize = 7;

    /// <summary>SSIM stabiliser constant for the means (scikit-image default).</summary>
    public const double K1 = 0.01;

    /// <summary>SSIM stabiliser constant for the (co)variances (scikit-image default).</summary>
    public const double K2 = 0.03;

    /// <summary>Mean SSIM of two images of <paramref name="height"/> × <paramref name="width"/> values, row-major.</summary>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width,
        double dataRange = 1.0, int windowSize = DefaultWindowSize)
    {
        CheckPair(a, b, height * width);
        if (windowSize < 3 || windowSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, "window size must be odd and at least 3");
        }
        if (height < windowSize || width < windowSize)
        {
            throw new ArgumentException($"images of {height}×{width} are smaller than the {windowSize}×{windowSize} SSIM window");
        }
        int plane = (height + 1) * (width + 1);
        double[]? rented = null;
        Span<double> scratch = 5 * plane <= 8192
            ? stackalloc double[5 * plane]
            : (rented = System.Buffers.ArrayPool<double>.Shared.Rent(5 * plane)).AsSpan(0, 5 * plane);
        try
        {
            return SsimCore(a, b, height, width, dataRange, windowSize, scratch);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Mean squared error, accumulated in double.</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException($"images must be non-empty and of equal length (got {a.Length} and {b.Length})");
        }
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum / a.Length;
    }

    /// <summary>PSNR in dB; +∞ when the images are identical.</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double dataRange = 1.0) =>
        PsnrFromMse(Mse(a, b), dataRange);

    /// <summary>PSNR in dB from a mean squared error; +∞ for an MSE of 0.</summary>
    public static double PsnrFromMse(double mse, double dataRange = 1.0) =>
        mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(dataRange * dataRange / mse);

    /// <summary>
    /// SSIM, PSNR and MSE of <paramref name="count"/> grey image pairs of <paramref name="height"/> ×
    /// <paramref name="width"/> stored back to back (<c>[N,H·W]</c> and <c>[N,1,H,W]</c> are the same memory), in
    /// parallel over images.
    /// </summary>
    public static ImageQualityScores Compute(ReadOnlyMemory<float> originals, ReadOnlyMemory<float> reconstructions,
        int count, int height, int width, double dataRange = 1.0, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int size = height * width;
        if (originals.Length != (long)count * size || reconstructions.Length != (long)count * size)
        {
            throw new ArgumentException(
                $"expected {count} images of {height}×{width} ({(long)count * size} values) in both inputs, got {originals.Length} and {reconstructions.Length}");
        }
        var ssim = new double[count];
        var psnr = new double[count];
        var mse = new double[count];
        const int chunk = 64;
        int chunks = (count + chunk - 1) / chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            int end = Math.Min(count, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                var a = originals.Span.Slice(i * size, size);
                var b = reconstructions.Span.Slice(i * size, size);
                ssim[i] = Ssim(a, b, height, width, dataRange);
                mse[i] = Mse(a, b);
                psnr[i] = PsnrFromMse(mse[i], dataRange);
            }
        });
        return new ImageQualityScores(ssim, psnr, mse);
    }

    private static double SsimCore(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width,
        double dataRange, int win, Span<double> scratch)
    {
        int stride = width + 1;
        int plane = (height + 1) * stride;
        var ia = scratch[..plane];
        var ib = scratch.Slice(plane, plane);
        var iaa = scratch.Slice(2 * plane, plane);
        var ibb = scratch.Slice(3 * plane, plane);
        var iab = scratch.Slice(4 * plane, plane);
        // Row 0 and column 0 of each integral image are zero.
        for (int c = 0; c < stride; c++)
        {
            ia[c] = ib[c] = iaa[c] = ibb[c] = iab[c] = 0;
        }
        for (int r = 0; r < height; r++)
        {
            double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
            int row = (r + 1) * stride, above = r * stride, src = r * width;
            ia[row] = ib[row] = iaa[row] = ibb[row] = iab[row] = 0;
            for (int c = 0; c < width; c++)
            {
                double x = a[src + c], y = b[src + c];
                sa += x;
                sb += y;
                saa += x * x;
                sbb += y * y;
                sab += x * y;
                int k = row + c + 1, u = above + c + 1;
                ia[k] = ia[u] + sa;
                ib[k] = ib[u] + sb;
                iaa[k] = iaa[u] + saa;
                ibb[k] = ibb[u] + sbb;
                iab[k] = iab[u] + sab;
            }
        }

        double np = win * win;
        double inv = 1.0 / np;
        double covNorm = np / (np - 1);
        double c1 = K1 * dataRange * (K1 * dataRange);
        double c2 = K2 * dataRange * (K2 * dataRange);
        int rows = height - win + 1, cols = width - win + 1;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            int top = r * stride, bottom = (r + win) * stride;
            for (int c = 0; c < cols; c++)
            {
                int tl = top + c, tr = top + c + win, bl = bottom + c, br = bottom + c + win;
                double ux = (ia[br] - ia[tr] - ia[bl] + ia[tl]) * inv;
                double uy = (ib[br] - ib[tr] - ib[bl] + ib[tl]) * inv;
                double uxx = (iaa[br] - iaa[tr] - iaa[bl] + iaa[tl]) * inv;
                double uyy = (ibb[br] - ibb[tr] - ibb[bl] + ibb[tl]) * inv;
                double uxy = (iab[br] - iab[tr] - iab[bl] + iab[tl]) * inv;
                double vx = covNorm * (uxx - ux * ux);
                double vy = covNorm * (uyy - uy * uy);
                double vxy = covNorm * (uxy - ux * uy);
                double num = (2 * ux * uy + c1) * (2 * vxy + c2);
                double den = (ux * ux + uy * uy + c1) * (vx + vy + c2);
                total += num / den;
            }
        }
        return total / (rows * cols);
    }

    private static void CheckPair(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int expected)
    {
        if (a.Length != expected || b.Length != expected)
        {
            throw new ArgumentException($"expected two images of {expected} values, got {a.Length} and {b.Length}");
        }
    }
}
