using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Tests.Pipeline;

public sealed class EvaluationPipelineScenarioTests
{
    private static (TempDirectory Dir, EvaluationOptions Options) Setup(int train = 200, int test = 120, bool models = true, ImageShape? image = null) =>
        PipelineWorkspace.Create(train, test, models, image);

    [Fact]
    public void Run_LatentDimFourTestSplit_UsesPrincipalComponentsAndSplitsTestSet()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            var result = new EvaluationPipeline(options with { Protocol = ClassifierProtocol.TestSplit }, FakeVae.Factory(4), new TestNpyWriter(), _ => { }).Run();
            Assert.NotNull(result.Pca);
            Assert.Equal(4, result.Pca.Dimension);
            Assert.All(result.Classifiers.Runs, run => Assert.Equal(96, run.Result.TrainRows));
            Assert.All(result.Classifiers.Runs, run => Assert.Equal(24, run.Result.Labels.Length));
            Assert.Equal(120, result.EvaluatedCount);
            Assert.Contains("principal components", File.ReadAllText(dir.Combine("out", "report.md")), StringComparison.Ordinal);
            Assert.Contains("no training history", File.ReadAllText(dir.Combine("out", "report.md")), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Run_ModelsMissing_FailsBeforeLoadingWithMakeTrainHint()
    {
        var (dir, options) = Setup(models: false);
        using (dir)
        {
            var e = Assert.Throws<VaeModelException>(() =>
                new EvaluationPipeline(options, FakeVae.Factory(2), new TestNpyWriter(), _ => { }).Run());
            Assert.Equal(options.ModelDirectory, e.FilePath);
            Assert.Equal(VaeModelFault.NotFound, e.Fault);
            Assert.Contains("make train", e.Hint, StringComparison.Ordinal);
            Assert.False(Directory.Exists(options.OutputDirectory));
        }
    }

    [Fact]
    public void Run_CorruptDataFile_FailsWithTheFileNamed()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            File.WriteAllBytes(dir.Combine("data", "t10k-labels-idx1-ubyte"), [0, 0, 8, 1, 0]);
            var e = Assert.ThrowsAny<DataFileException>(() =>
                new EvaluationPipeline(options, FakeVae.Factory(2), new TestNpyWriter(), _ => { }).Run());
            Assert.Equal("t10k-labels-idx1-ubyte", Path.GetFileName(e.FilePath));
        }
    }

    [Fact]
    public void Run_OutputFolderBelowAFile_FailsBeforeLoadingTheModel()
    {
        var (dir, options) = Setup();
        using (dir)
        {
            File.WriteAllText(dir.Combine("a-file"), "in the way");
            bool opened = false;
            var e = Assert.Throws<DataFileException>(() => new EvaluationPipeline(options with { OutputDirectory = dir.Combine("a-file", "out") },
                FakeVae.Factory(2, _ => opened = true), new TestNpyWriter(), _ => { }).Run());
            Assert.Equal(dir.Combine("a-file", "out"), e.FilePath);
            Assert.False(opened);
        }
    }

    [Fact]
    public void Run_ImageShapeOfTheModel_TilesEveryFigureWithIt()
    {
        // 20×24 images: the figures must take the tile shape from the model's signature, not from MNIST.
        var image = new ImageShape(1, 20, 24);
        var (dir, options) = Setup(image: image);
        using (dir)
        {
            var npy = new TestNpyWriter();
            var result = new EvaluationPipeline(options, FakeVae.Factory(2, image: image), npy, _ => { }).Run();

            Assert.Equal(image, result.Image);
            Assert.Equal([120, 1, 20, 24], npy.Shapes[ArtifactNames.ReconstructionsTest]);
            var (width, height) = GeneratedSamplesFigure.SizeFor(image);
            Assert.NotEqual(GeneratedSamplesFigure.SizeFor(ImageShape.Mnist), (width, height));
            Png.AssertFigure(File.ReadAllBytes(dir.Combine("out", GeneratedSamplesFigure.FileName)), width, height);
            (width, height) = ReconstructionsFigure.SizeFor(image);
            Png.AssertFigure(File.ReadAllBytes(dir.Combine("out", ReconstructionsFigure.FileName)), width, height);
        }
    }

    [Fact]
    public void Interpolation_PairsPresent_DecodesTheLineBetweenTheFirstImageOfEachDigit()
    {
        // Digits 0 (images 0 and 3), 6 (image 1) and 1 (image 2): only the pair (0, 6) has both ends.
        float[] mu = [0, 0, 1, 2, 5, 5, 9, 9];
        byte[] labels = [0, 6, 1, 0];
        using var vae = new FakeVae(2);

        var rows = EvaluationPipeline.Interpolation(vae, mu, labels);

        Assert.Equal([(0, 6)], rows.Pairs);
        Assert.Equal(EvaluationPipeline.InterpolationSteps, rows.Steps);
        Assert.Equal(ImageShape.Mnist, rows.Image);
        Assert.Equal(vae.Decode(LatentSampling.Line([0f, 0f], [1f, 2f], EvaluationPipeline.InterpolationSteps)), rows.Images);
    }

    [Fact]
    public void Interpolation_NoPairPresent_DecodesNothing()
    {
        using var vae = new FakeVae(2);

        var rows = EvaluationPipeline.Interpolation(vae, [0, 0], [5]);

        Assert.Empty(rows.Pairs);
        Assert.Empty(rows.Images);
        Assert.Empty(vae.Decoded);
    }

    [Fact]
    public void LatentPlaneOf_TwoDimensions_UsesLatentsAsTheyAre()
    {
        var (plane, pca) = EvaluationPipeline.LatentPlaneOf([1, 2, 3, 4], [0, 1], 2);
        Assert.Null(pca);
        Assert.Equal([1.0, 3.0], plane.X);
        Assert.Equal([2.0, 4.0], plane.Y);
        Assert.Null(plane.Note);
    }

    [Fact]
    public void Manifold_TwoDimensions_SpansPercentilesWithLargestRowOnTop()
    {
        var xs = Enumerable.Range(0, 101).Select(i => (double)i).ToArray();            // 0..100
        var ys = Enumerable.Range(0, 101).Select(i => (double)(i - 50) / 10).ToArray(); // -5..5
        var plane = new LatentPlane(xs, ys, new byte[101], "z₁", "z₂", null);
        using var vae = new FakeVae(2);
        var grid = EvaluationPipeline.Manifold(vae, 2, plane, null);
        Assert.Equal(EvaluationPipeline.ManifoldSize, grid.Size);
        Assert.Equal(1.0, grid.ColumnValues[0], 9);
        Assert.Equal(99.0, grid.ColumnValues[^1], 9);
        Assert.Equal(4.9, grid.RowValues[0], 9);
        Assert.Equal(-4.9, grid.RowValues[^1], 9);
        Assert.Equal(grid.Size * grid.Size * 784, grid.Images.Length);
        // Tile (row 0, column 0) is the decoder at (x = 1, y = 4.9).
        Assert.Equal(vae.Decode([1f, 4.9f]), grid.Images[..784]);
    }
}
