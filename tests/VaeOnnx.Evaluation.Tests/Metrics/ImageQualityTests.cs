using VaeOnnx.Evaluation.Metrics;

namespace VaeOnnx.Evaluation.Tests.Metrics;

public sealed class ImageQualityTests
{
    public static TheoryData<int> PairIndices()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Golden.ImagePairs.Count; i++)
        {
            data.Add(i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PairIndices))]
    public void Ssim_GoldenPair_MatchesScikitImage(int index)
    {
        var pair = Golden.ImagePairs[index];
        double ssim = ImageQuality.Ssim(pair.A, pair.B, pair.Height, pair.Width);
        Assert.True(Math.Abs(ssim - pair.Ssim) < 1e-6, $"{pair.Name}: SSIM {ssim:R}, skimage {pair.Ssim:R}");
    }

    [Theory]
    [MemberData(nameof(PairIndices))]
    public void PsnrAndMse_GoldenPair_MatchScikitImage(int index)
    {
        var pair = Golden.ImagePairs[index];
        double mse = ImageQuality.Mse(pair.A, pair.B);
        double psnr = ImageQuality.Psnr(pair.A, pair.B);
        Assert.True(Math.Abs(mse - pair.Mse) < 1e-9, $"{pair.Name}: MSE {mse:R}, skimage {pair.Mse:R}");
        if (double.IsPositiveInfinity(pair.Psnr))
        {
            Assert.Equal(double.PositiveInfinity, psnr);
        }
        else
        {
            Assert.True(Math.Abs(psnr - pair.Psnr) < 1e-6, $"{pair.Name}: PSNR {psnr:R}, skimage {pair.Psnr:R}");
        }
    }

    [Fact]
    public void Ssim_IsSymmetric()
    {
        var pair = Golden.ImagePairs[1];
        Assert.Equal(ImageQuality.Ssim(pair.A, pair.B, 28, 28), ImageQuality.Ssim(pair.B, pair.A, 28, 28), 12);
    }

    [Fact]
    public void Compute_BatchOfGoldenPairs_MatchesSingleImageResultsInOrder()
    {
        var pairs = Golden.ImagePairs.Where(p => p.Height == 28 && p.Width == 28).ToArray();
        var a = pairs.SelectMany(p => p.A).ToArray();
        var b = pairs.SelectMany(p => p.B).ToArray();
        // Repeat the set so several parallel chunks are exercised.
        var manyA = Enumerable.Repeat(a, 20).SelectMany(x => x).ToArray();
        var manyB = Enumerable.Repeat(b, 20).SelectMany(x => x).ToArray();
        var scores = ImageQuality.Compute(manyA, manyB, pairs.Length * 20, 28, 28);
        Assert.Equal(pairs.Length * 20, scores.Count);
        for (int i = 0; i < scores.Count; i++)
        {
            var p = pairs[i % pairs.Length];
            Assert.True(Math.Abs(scores.Ssim[i] - p.Ssim) < 1e-6, $"image {i} ({p.Name})");
            Assert.True(Math.Abs(scores.Mse[i] - p.Mse) < 1e-9, $"image {i} ({p.Name})");
            Assert.Equal(p.Psnr, scores.Psnr[i], 6);
        }
    }

    [Fact]
    public void Psnr_IdenticalImages_IsPositiveInfinity()
    {
        var image = Enumerable.Range(0, 784).Select(i => (i % 17) / 16f).ToArray();
        Assert.Equal(double.PositiveInfinity, ImageQuality.Psnr(image, image));
        Assert.Equal(1.0, ImageQuality.Ssim(image, image, 28, 28), 12);
    }

    [Fact]
    public void Ssim_ImageSmallerThanWindow_Throws()
    {
        var image = new float[36];
        Assert.Throws<ArgumentException>(() => ImageQuality.Ssim(image, image, 6, 6));
    }

    [Fact]
    public void Compute_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImageQuality.Compute(new float[784 * 2], new float[784], 2, 28, 28));
    }
}
