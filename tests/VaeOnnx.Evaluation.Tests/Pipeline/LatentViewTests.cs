using System.Text.Json;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;

namespace VaeOnnx.Evaluation.Tests.Pipeline;

/// <summary>Which 2-D views a run makes, what it writes for them and what it measures on them.</summary>
public sealed class LatentViewTests
{
    private static (TempDirectory Dir, EvaluationOptions Options) Setup()
    {
        var (dir, options) = PipelineWorkspace.Create(200, 150);
        return (dir, options with { Classifier = ClassifierSelection.Forest });
    }

    [Fact]
    public void Run_FourDimensions_PcaAndTsneViewsWrittenAndMeasured()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            var npy = new TestNpyWriter();
            var result = new EvaluationPipeline(options, FakeVae.Factory(4), npy, _ => { }).Run();

            Assert.Equal([EmbeddingMethod.Pca, EmbeddingMethod.TSne], result.Views.Planes.Select(v => v.Method));
            Assert.Equal([150, 2], npy.Shapes["embedding_pca_test.npy"]);
            Assert.Equal([150, 2], npy.Shapes["embedding_tsne_test.npy"]);
            Assert.All(result.Views.Planes, v => Assert.InRange(v.Quality!.Trustworthiness, 0.5, 1.0));
            Assert.NotNull(result.Views.TSne);
            Assert.Contains("t-SNE", result.Timings.Select(t => t.Name));
            using var json = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", ArtifactNames.Metrics)));
            var views = json.RootElement.GetProperty("latentViews");
            Assert.Equal(30, views.GetProperty("tsne").GetProperty("perplexity").GetDouble());
            Assert.Equal("embedding_tsne_test.npy", views.GetProperty("views")[1].GetProperty("file").GetString());
            Assert.Equal(result.Views.Planes[1].Quality!.Trustworthiness, views.GetProperty("views")[1].GetProperty("trustworthiness").GetDouble());
            Assert.Contains("t-SNE view: trustworthiness", File.ReadAllText(dir.Combine("out", ArtifactNames.ReportMarkdown)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_NoTsne_PcaOnlyAndSaysWhy()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            var npy = new TestNpyWriter();
            var result = new EvaluationPipeline(options with { TSne = TSneMode.Never }, FakeVae.Factory(4), npy, _ => { }).Run();

            Assert.Equal([EmbeddingMethod.Pca], result.Views.Planes.Select(v => v.Method));
            Assert.DoesNotContain("embedding_tsne_test.npy", npy.Shapes.Keys);
            Assert.Contains("--no-tsne", result.Views.TSneNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_TwoDimensions_LatentAxesOnlyUnlessAsked()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            var npy = new TestNpyWriter();
            var plain = new EvaluationPipeline(options, FakeVae.Factory(2), npy, _ => { }).Run();
            var asked = new EvaluationPipeline(options with { TSne = TSneMode.Always, OutputDirectory = dir.Combine("out2") }, FakeVae.Factory(2), npy, _ => { }).Run();

            var latent = Assert.Single(plain.Views.Planes);
            Assert.Equal(EmbeddingMethod.Latent, latent.Method);
            Assert.Equal(1.0, latent.Quality!.Trustworthiness);
            Assert.Equal(latent.Quality.OneNnAccuracy, plain.Views.LatentOneNnAccuracy);
            Assert.Equal([EmbeddingMethod.Latent, EmbeddingMethod.TSne], asked.Views.Planes.Select(v => v.Method));
            Assert.DoesNotContain("embedding_latent_test.npy", npy.Shapes.Keys);
        }
    }

    [Fact]
    public void Measure_FewerThanTwiceTheNeighbours_TrustworthinessUndefinedOneNnStill()
    {
        var plane = SyntheticFigureData.Plane() with { Method = EmbeddingMethod.Pca };
        var few = plane with { X = plane.X[..20], Y = plane.Y[..20], Labels = plane.Labels[..20] };
        float[] mu = [.. Enumerable.Range(0, 20 * 3).Select(i => (float)Math.Sin(i))];

        var (planes, latentOneNn) = LatentViewStage.Measure([few], mu, 3, 1);

        Assert.True(double.IsNaN(planes[0].Quality!.Trustworthiness));
        Assert.InRange(planes[0].Quality!.OneNnAccuracy, 0, 1);
        Assert.InRange(latentOneNn, 0, 1);
    }

    [Theory]
    [InlineData(TSneMode.Auto, 2, 1000, false)]
    [InlineData(TSneMode.Auto, 3, 1000, true)]
    [InlineData(TSneMode.Always, 2, 1000, true)]
    [InlineData(TSneMode.Never, 8, 1000, false)]
    [InlineData(TSneMode.Always, 8, 30, false)]
    public void WhyNoTSne_ModeSizeAndCount_RunsWhenItShould(TSneMode mode, int latentDim, int count, bool runs)
    {
        Assert.Equal(runs, LatentViewStage.WhyNoTSne(mode, latentDim, count, 30) is null);
    }
}
