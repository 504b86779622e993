using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Tests.Pipeline;

/// <summary>A conditional model through the whole run: every call carries the labels it should.</summary>
public sealed class ConditionalEvaluationTests : IClassFixture<ConditionalEvaluationTests.ConditionalRun>
{
    private readonly ConditionalRun _run;

    public ConditionalEvaluationTests(ConditionalRun run) => _run = run;

    public sealed class ConditionalRun : IDisposable
    {
        public ConditionalRun()
        {
            SyntheticMnist.Write(Directory.Combine("data"), trainCount: 200, testCount: 120);
            System.IO.Directory.CreateDirectory(Directory.Combine("models"));
            File.WriteAllText(Directory.Combine("models", ArtifactNames.Encoder), "stand-in");
            File.WriteAllText(Directory.Combine("models", ArtifactNames.Decoder), "stand-in");
            Options = new EvaluationOptions
            {
                ModelDirectory = Directory.Combine("models"),
                DataDirectory = Directory.Combine("data"),
                OutputDirectory = Directory.Combine("reports"),
                SampleSize = 100,
                Trees = 3,
                Threads = 1,
                TSne = TSneMode.Never,
            };
            Result = new EvaluationPipeline(Options, FakeVae.Factory(3, v => Model = v, classes: 10), new TestNpyWriter(), _ => { }).Run();
            Test = MnistDataset.Load(Options.DataDirectory, DatasetSplit.Test);
            Train = MnistDataset.Load(Options.DataDirectory, DatasetSplit.Train);
        }

        public TempDirectory Directory { get; } = new();

        public EvaluationOptions Options { get; }

        public EvaluationResult Result { get; }

        public FakeVae? Model { get; private set; }

        public LabeledImages Test { get; }

        public LabeledImages Train { get; }

        public string Out(string file) => Directory.Combine("reports", file);

        public void Dispose() => Directory.Dispose();
    }

    private FakeVae Model => _run.Model!;

    private static int[] Ints(byte[] labels) => [.. labels.Select(l => (int)l)];

    // The decode call whose codes are exactly these.
    private int[] LabelsOfDecode(float[] codes) =>
        Model.DecodedLabels[Model.Decoded.FindIndex(z => z.AsSpan().SequenceEqual(codes))];

    [Fact]
    public void Run_Conditional_EncodesEveryImageUnderItsLabel()
    {
        Assert.True(_run.Result.Conditional);
        Assert.Equal([Ints(_run.Train.Labels), Ints(_run.Test.Labels)], Model.EncodedLabels);
    }

    [Fact]
    public void Run_Conditional_ReconstructsUnderTheTestLabels()
    {
        Assert.Contains(Model.DecodedLabels, l => l.SequenceEqual(Ints(_run.Test.Labels)[..100]));
    }

    [Fact]
    public void Run_Conditional_SamplesCycleThroughTheDigits()
    {
        var codes = LatentSampling.StandardNormal(GeneratedSamplesFigure.GridSide * GeneratedSamplesFigure.GridSide, 3, _run.Options.Seed);
        Assert.Equal([.. Enumerable.Range(0, 25).Select(k => k % 10)], LabelsOfDecode(codes));
    }

    [Fact]
    public void Run_Conditional_ManifoldUnderOneLabelAndInterpolationUnderEachFirstDigit()
    {
        int tiles = EvaluationPipeline.ManifoldSize * EvaluationPipeline.ManifoldSize;
        Assert.Contains(Model.DecodedLabels, l => l.Length == tiles && l.All(x => x == EvaluationPipeline.ManifoldLabel));
        var pairs = EvaluationPipeline.InterpolationPairs.Where(p => _run.Test.Labels.Contains((byte)p.From) && _run.Test.Labels.Contains((byte)p.To));
        int[] expected = [.. pairs.SelectMany(p => Enumerable.Repeat(p.From, EvaluationPipeline.InterpolationSteps))];
        Assert.Contains(Model.DecodedLabels, l => l.SequenceEqual(expected));
    }

    [Fact]
    public void Run_Conditional_WritesTheLabelFiguresAndSaysWhatTheAccuracyMeans()
    {
        Assert.Equal(14, _run.Result.Figures.Count);
        Assert.True(File.Exists(_run.Out(ConditionalSamplesFigure.FileName)));
        Assert.True(File.Exists(_run.Out(StyleTransferFigure.FileName)));
        string md = File.ReadAllText(_run.Out(ArtifactNames.ReportMarkdown));
        Assert.Contains("## Label conditioning", md, StringComparison.Ordinal);
        Assert.Contains("accuracy (CVAE: low is expected)", md, StringComparison.Ordinal);
        Assert.Contains("carry the style, not the class", md, StringComparison.Ordinal);
        Assert.Contains("\"conditional\": true", File.ReadAllText(_run.Out(ArtifactNames.Metrics)), StringComparison.Ordinal);
    }

    [Fact]
    public void ConditionalSamples_SameCodesInEveryRow_OneLabelPerRow()
    {
        using var vae = new FakeVae(2, classes: 10);

        var images = EvaluationPipeline.ConditionalSamples(vae, 7);

        var z = vae.Decoded.Single();
        var codes = LatentSampling.StandardNormal(ConditionalSamplesFigure.Samples, 2, 7);
        Assert.All(Enumerable.Range(0, 10), row => Assert.Equal(codes, z.AsSpan(row * codes.Length, codes.Length).ToArray()));
        Assert.Equal([.. Enumerable.Range(0, 100).Select(i => i / 10)], vae.DecodedLabels.Single());
        Assert.Equal(100 * 784, images.Length);
    }

    [Fact]
    public void StyleTransfer_FirstImageOfDistinctDigits_EachMuUnderEveryLabel()
    {
        using var vae = new FakeVae(2, classes: 10);
        byte[] labels = [7, 2, 7, 1, 0, 2, 4, 9, 5, 6, 3, 8];
        float[] mu = [.. Enumerable.Range(0, 24).Select(i => (float)i)];
        var images = new float[12 * 784];
        images[3 * 784] = 1; // the first pixel of image 3 (the first 1)

        var rows = EvaluationPipeline.StyleTransfer(vae, mu, labels, images);

        Assert.Equal([0, 1, 3, 4, 6, 7, 8, 9], rows.Indices);
        Assert.Equal([7, 2, 1, 0, 4, 9, 5, 6], rows.Digits);
        Assert.Equal(1f, rows.Originals[2 * 784]);
        var z = vae.Decoded.Single();
        Assert.Equal([6f, 7f], z.AsSpan(2 * 10 * 2, 2).ToArray()); // row 2 is image 3: μ = (6, 7), under label 0
        Assert.Equal([.. Enumerable.Range(0, 80).Select(i => i % 10)], vae.DecodedLabels.Single());
    }

    [Fact]
    public void Run_ModelConditionedOnFewerClasses_FailsNamingTheModel()
    {
        var (dir, options) = PipelineWorkspace.Create(50, 20);
        using var _ = dir;

        var e = Assert.Throws<DataFileException>(() => new EvaluationPipeline(options, FakeVae.Factory(2, classes: 5), new TestNpyWriter(), _ => { }).Run());

        Assert.Equal(options.ModelDirectory, e.FilePath);
        Assert.Contains("conditioned on 5 classes", e.Message, StringComparison.Ordinal);
    }
}
