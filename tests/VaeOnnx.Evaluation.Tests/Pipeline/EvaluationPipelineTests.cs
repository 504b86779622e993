using System.Text.Json;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Pipeline;
using VaeOnnx.Evaluation.Tests.Support;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Tests.Pipeline;

/// <summary>The whole run on a small synthetic dataset with a plain C# stand-in for the ONNX model.</summary>
public sealed class EvaluationPipelineTests : IClassFixture<EvaluationPipelineTests.Run2D>
{
    private readonly Run2D _run;

    public EvaluationPipelineTests(Run2D run) => _run = run;

    public sealed class Run2D : IDisposable
    {
        public Run2D()
        {
            Directory = new TempDirectory();
            SyntheticMnist.Write(Directory.Combine("data"), trainCount: 500, testCount: 240);
            System.IO.Directory.CreateDirectory(Directory.Combine("models"));
            File.WriteAllText(Directory.Combine("models", "encoder.onnx"), "stand-in");
            File.WriteAllText(Directory.Combine("models", "decoder.onnx"), "stand-in");
            File.WriteAllText(Directory.Combine("models", "training-history.json"),
                """{ "epochs": [ { "epoch": 1, "train": { "loss": 200, "bce": 190, "kld": 10 }, "test": { "loss": 190, "bce": 181, "kld": 9 } }, { "epoch": 2, "train": { "loss": 180, "bce": 171, "kld": 9 }, "test": { "loss": 178, "bce": 170, "kld": 8 } } ] }""");
            Options = new EvaluationOptions
            {
                ModelDirectory = Directory.Combine("models"),
                DataDirectory = Directory.Combine("data"),
                OutputDirectory = Directory.Combine("reports"),
                SampleSize = 200,
                Trees = 5,
                Threads = 1,
            };
            Result = new EvaluationPipeline(Options, FakeVae.Factory(2, v => Model = v), Npy, Log.Add).Run();
        }

        public TempDirectory Directory { get; }

        public EvaluationOptions Options { get; }

        public EvaluationResult Result { get; }

        public FakeVae? Model { get; private set; }

        public TestNpyWriter Npy { get; } = new();

        public List<string> Log { get; } = [];

        public string Out(string file) => Directory.Combine("reports", file);

        public void Dispose() => Directory.Dispose();
    }

    public static TheoryData<string> ExpectedFiles() =>
    [
        "vae_mnist_complete_analysis.png", "generated_samples.png", "interpolation.png", "latent_space_per_digit.png",
        "ssim_distribution.png", "psnr_distribution.png", "loss_curves.png", "latent_space.png", "reconstructions.png",
        "latent_manifold.png", "confusion_matrix.png", "roc_curves.png", "metrics.json", "per_image_metrics.csv",
        "latents_test.npy", "labels_test.npy", "latents_train.npy", "labels_train.npy", "reconstructions_test.npy",
        "report.md", "index.html",
    ];

    [Theory]
    [MemberData(nameof(ExpectedFiles))]
    public void Run_SyntheticData_WritesArtifact(string file)
    {
        Assert.True(File.Exists(_run.Out(file)), $"{file} missing");
        Assert.Contains(file, _run.Result.Artifacts);
    }

    [Fact]
    public void Run_SyntheticData_LeavesNoTemporaryFiles()
    {
        Assert.Empty(Directory.GetFiles(_run.Directory.Combine("reports"), "*.tmp"));
    }

    [Fact]
    public void Run_SampleSize_LimitsReconstructionMetricsButNotLatents()
    {
        var r = _run.Result;
        Assert.Equal(500, r.TrainCount);
        Assert.Equal(240, r.TestCount);
        Assert.Equal(200, r.EvaluatedCount);
        Assert.Equal(200, r.Quality.Count);
        Assert.Equal([240, 2], _run.Npy.Shapes["latents_test.npy"]);
        Assert.Equal([500, 2], _run.Npy.Shapes["latents_train.npy"]);
        Assert.Equal([500], _run.Npy.Shapes["labels_train.npy"]);
        Assert.Equal([200, 1, 28, 28], _run.Npy.Shapes["reconstructions_test.npy"]);
        Assert.All(r.Classifiers.Runs, run => Assert.Equal(240, run.Result.Labels.Length));
        Assert.All(r.Classifiers.Runs, run => Assert.Equal(500, run.Result.TrainRows));
    }

    [Fact]
    public void Run_SyntheticData_ReportsEveryStageAndDisposesModel()
    {
        var names = _run.Result.Timings.Select(t => t.Name).ToArray();
        foreach (string stage in new[] { "load data", "load model", "encode train", "encode test", "decode reconstructions", "view quality", "image quality",
                     "figures (model)", "write arrays", "classifier forest (background)", "classifier logistic (background)", "classifier wait",
                     "figures (classifier)", "report" })
        {
            Assert.Contains(stage, names);
        }
        Assert.True(_run.Model!.Disposed);
        Assert.Contains(_run.Log, line => line.StartsWith("encode train", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_GeneratedSamples_DecodeTheSharedSamplerCodesOfTheSeed()
    {
        // The one sampler: `vae generate --seed 42` and the report's figure show the same codes.
        var codes = LatentSampling.StandardNormal(GeneratedSamplesFigure.GridSide * GeneratedSamplesFigure.GridSide, 2, _run.Options.Seed);
        Assert.Contains(_run.Model!.Decoded, z => z.AsSpan().SequenceEqual(codes));
    }

    [Fact]
    public void Run_PerImageCsv_HasHeaderAndOneRowPerImage()
    {
        var lines = File.ReadAllLines(_run.Out("per_image_metrics.csv"));
        Assert.Equal("index,label,ssim,psnr,mse", lines[0]);
        Assert.Equal(201, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal("0", first[0]);
        Assert.Equal(_run.Result.EvaluatedLabels[0].ToString(System.Globalization.CultureInfo.InvariantCulture), first[1]);
        Assert.Equal(_run.Result.Quality.Ssim[0], double.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Run_MetricsJson_HoldsTheNumbersOfTheRun()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(_run.Out("metrics.json")));
        var root = json.RootElement;
        var r = _run.Result;
        Assert.Equal(5, root.GetProperty("options").GetProperty("trees").GetInt32());
        Assert.Equal(200, root.GetProperty("options").GetProperty("sampleSize").GetInt32());
        Assert.Equal(2, root.GetProperty("model").GetProperty("latentDim").GetInt32());
        Assert.Equal("fake linear", root.GetProperty("model").GetProperty("metadata").GetProperty("architecture").GetString());
        var classifiers = root.GetProperty("classifiers");
        var forest = r.Classifiers.Of(ClassifierKind.Forest)!;
        var classifier = classifiers.GetProperty("runs")[0];
        Assert.Equal("forest", classifier.GetProperty("id").GetString());
        Assert.Equal(forest.Report.Accuracy, classifier.GetProperty("accuracy").GetDouble());
        Assert.Equal(10, classifier.GetProperty("perClass").GetArrayLength());
        Assert.Equal(10, classifier.GetProperty("confusionMatrix").GetArrayLength());
        Assert.Equal(forest.Roc.Micro.Auc, classifier.GetProperty("rocAuc").GetProperty("micro").GetDouble());
        Assert.Equal(["forest", "logistic"], classifiers.GetProperty("runs").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(r.Classifiers.Best.Id, classifiers.GetProperty("best").GetString());
        Assert.Equal("mlp", classifiers.GetProperty("unavailable")[0].GetProperty("id").GetString());
        var curves = classifier.GetProperty("rocCurves");
        Assert.Equal(201, curves.GetProperty("fpr").GetArrayLength());
        Assert.Equal(201, curves.GetProperty("micro").GetArrayLength());
        Assert.Equal(1.0, curves.GetProperty("micro")[200].GetDouble());
        var ssim = root.GetProperty("reconstruction").GetProperty("ssim");
        Assert.Equal(r.Ssim.Overall.Mean, ssim.GetProperty("overall").GetProperty("mean").GetDouble());
        Assert.Equal(10, ssim.GetProperty("perDigit").GetArrayLength());
        Assert.True(root.GetProperty("timingsSeconds").GetProperty("total").GetDouble() > 0);
        Assert.Equal(2, root.GetProperty("model").GetProperty("trainingHistory").GetProperty("epochs").GetInt32());
    }

    [Fact]
    public void Run_ReportPages_ShowEveryFigureByRelativePath()
    {
        string html = File.ReadAllText(_run.Out("index.html"));
        string md = File.ReadAllText(_run.Out("report.md"));
        foreach (var (file, _) in _run.Result.Figures)
        {
            Assert.Contains($"src=\"{file}\"", html, StringComparison.Ordinal);
            Assert.Contains($"]({file})", md, StringComparison.Ordinal);
        }
        Assert.Equal(12, _run.Result.Figures.Count);
        Assert.Equal("vae_mnist_complete_analysis.png", _run.Result.Figures[0].File);
        Assert.Contains("RandomForest (5 trees): per-class metrics", html, StringComparison.Ordinal);
        Assert.Contains("Classifiers side by side", md, StringComparison.Ordinal);
        Assert.Contains("MLP (vae-train): unavailable (models/classifier.onnx: file not found)", md, StringComparison.Ordinal);
        Assert.DoesNotContain(_run.Directory.Path + "/reports/", html, StringComparison.Ordinal);
    }
}
