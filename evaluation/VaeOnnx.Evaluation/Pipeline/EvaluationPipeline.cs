using System.Globalization;
using System.Text;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Evaluation.Metrics;
using VaeOnnx.Evaluation.Reporting;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>
/// The whole <c>evaluate</c> run: data, latents, classifier, reconstruction metrics, figures, arrays and report.
/// Every model call goes through <see cref="IVaeBackend"/>. As soon as the latents exist the classifier fits on a
/// background task, while the decoder runs and the reconstruction metrics and the figures that do not depend on the
/// classifier are produced.
/// </summary>
public sealed class EvaluationPipeline(EvaluationOptions options, VaeBackendFactory backendFactory, INpyWriter npy, Action<string> log)
{
    /// <summary>Number of digit classes.</summary>
    public const int Classes = 10;

    /// <summary>Tiles per side of the latent manifold.</summary>
    public const int ManifoldSize = 20;

    /// <summary>Steps of each interpolation row (ends included).</summary>
    public const int InterpolationSteps = 10;

    /// <summary>Digit pairs interpolated between (first test image of each digit).</summary>
    public static IReadOnlyList<(int From, int To)> InterpolationPairs { get; } =
        [(0, 6), (1, 7), (3, 8), (4, 9), (2, 5), (7, 9)];

    private readonly List<string> _artifacts = [];
    private readonly List<(string File, string Caption)> _figures = [];

    /// <summary>Runs the evaluation and writes every artifact; returns what was computed.</summary>
    /// <exception cref="DataFileException">A model or data file is missing or unusable, or the output folder takes no files.</exception>
    public EvaluationResult Run()
    {
        var timer = new StageTimer(log);
        CheckInputs();
        string outDir = options.OutputDirectory;
        PrepareOutput(outDir);
        int threads = options.EffectiveThreads;

        var (train, test) = timer.Run("load data",
            () => (MnistDataset.Load(options.DataDirectory, DatasetSplit.Train), MnistDataset.Load(options.DataDirectory, DatasetSplit.Test)),
            d => $"{d.Item1.Count:N0} train + {d.Item2.Count:N0} test images from {options.DataDirectory}");
        var history = HistoryFile.Load(Path.Combine(options.ModelDirectory, ArtifactNames.History));
        if (!history.HasEpochs)
        {
            log($"note: {history.Problem}; the loss figure says so");
        }

        using var backend = timer.Run("load model", () => OpenBackend(), b => $"{b.Signature.Describe()}, provider {b.Provider}");
        int d = backend.LatentDim;
        var image = backend.Signature.Image;
        int pixels = image.Size;
        if (image.Channels != 1 || test.Rows != image.Height || test.Columns != image.Width)
        {
            throw new DataFileException(options.DataDirectory, $"images are 1x{test.Rows}x{test.Columns}, the model in {options.ModelDirectory} takes {image}");
        }
        var testImages = test.ToScaledFloats();
        var trainMu = timer.Run("encode train", () => backend.EncodeMean(train.Pixels),
            _ => $"{train.Count:N0} images → μ [{train.Count}, {d}]");
        var testMu = timer.Run("encode test", () => backend.EncodeMean(testImages),
            _ => $"{test.Count:N0} images → μ [{test.Count}, {d}]");

        // The forest is the slowest stage and needs nothing else: fit it while the rest is computed.
        var classifierTask = Task.Factory.StartNew(() => RunClassifier(trainMu, train.Labels, testMu, test.Labels, d),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        int evaluated = Math.Min(options.SampleSize ?? test.Count, test.Count);
        var reconstructions = timer.Run("decode reconstructions", () => backend.Decode(testMu.AsSpan(0, evaluated * d)),
            _ => $"decoder(μ) of the first {evaluated:N0} test images");
        var (plane, pca) = timer.Run("latent plane", () => LatentPlaneOf(testMu, test.Labels, d),
            p => p.Item2 is null ? "2-D latents plotted as they are" : "first two principal components");
        var (samples, manifold, interpolation) = timer.Run("decode samples and grids",
            () => (backend.Decode(LatentSampling.StandardNormal(GeneratedSamplesFigure.GridSide * GeneratedSamplesFigure.GridSide, d, options.Seed)),
                Manifold(backend, d, plane, pca), Interpolation(backend, testMu, test.Labels)));

        var evaluatedLabels = test.Labels[..evaluated];
        var quality = timer.Run("image quality", () => ImageQuality.Compute(testImages.AsMemory(0, evaluated * pixels),
            reconstructions, evaluated, image.Height, image.Width, maxDegreeOfParallelism: threads), q => Describe(q));
        var (ssim, psnr, mse) = timer.Run("statistics", () => (
            Summarise(quality.Ssim, evaluatedLabels), Summarise(quality.Psnr, evaluatedLabels), Summarise(quality.Mse, evaluatedLabels)));

        timer.Run("figures (model)", () =>
        {
            Figure(outDir, LossCurvesFigure.FileName, "Loss curves: total, reconstruction (BCE) and KL per sample, train vs test.",
                () => LossCurvesFigure.Render(history));
            Figure(outDir, LatentSpaceFigure.FileName, "Test-set latent means coloured by digit.", () => LatentSpaceFigure.Render(plane));
            Figure(outDir, LatentSpacePerDigitFigure.FileName, "Per-digit latent scatter with Gaussian KDE contours (Scott's bandwidth).",
                () => LatentSpacePerDigitFigure.Render(plane, threads));
            Figure(outDir, ReconstructionsFigure.FileName, "First test images over their reconstructions decoder(μ), with SSIM.",
                () => ReconstructionsFigure.Render(testImages, reconstructions, quality.Ssim, image));
            Figure(outDir, LatentManifoldFigure.FileName, "Images decoded on a grid over the latent plane.", () => LatentManifoldFigure.Render(manifold));
            Figure(outDir, GeneratedSamplesFigure.FileName, "Images decoded from z ~ N(0, I).", () => GeneratedSamplesFigure.Render(samples, image, options.Seed));
            Figure(outDir, InterpolationFigure.FileName, "Decoded straight-line interpolations between the latent means of test digits.",
                () => InterpolationFigure.Render(interpolation));
            Figure(outDir, SsimDistributionFigure.FileName, "SSIM distribution, overall and per digit.",
                () => SsimDistributionFigure.Render(quality.Ssim, ssim.Overall, ssim.PerDigit));
            Figure(outDir, PsnrDistributionFigure.FileName, "PSNR distribution, overall and per digit.",
                () => PsnrDistributionFigure.Render(quality.Psnr, psnr.Overall, psnr.PerDigit));
        }, "9 figures");

        timer.Run("write arrays", () =>
        {
            Npy(outDir, ArtifactNames.LatentsTrain, trainMu, [train.Count, d]);
            Npy(outDir, ArtifactNames.LabelsTrain, train.Labels, [train.Count]);
            Npy(outDir, ArtifactNames.LatentsTest, testMu, [test.Count, d]);
            Npy(outDir, ArtifactNames.LabelsTest, test.Labels, [test.Count]);
            Npy(outDir, ArtifactNames.ReconstructionsTest, reconstructions, [evaluated, image.Channels, image.Height, image.Width]);
            ReportFile(outDir, ArtifactNames.PerImageMetrics, PerImageCsv(quality, evaluatedLabels));
        }, $"latents, labels, reconstructions (.npy), {ArtifactNames.PerImageMetrics}");

        var classifierWait = System.Diagnostics.Stopwatch.StartNew();
        var classifier = classifierTask.GetAwaiter().GetResult();
        timer.Record("classifier (background)", classifier.Seconds, string.Create(CultureInfo.InvariantCulture,
            $"{classifier.Name}, fit on {classifier.Result.TrainRows:N0} rows, accuracy {classifier.Report.Accuracy:0.0000}, micro-AUC {classifier.Roc.Micro.Auc:0.0000}; waited {classifierWait.Elapsed.TotalSeconds:0.00} s"));

        timer.Run("figures (classifier)", () =>
        {
            Figure(outDir, ConfusionMatrixFigure.FileName, "Confusion matrix of the classifier: counts and row-normalised.",
                () => ConfusionMatrixFigure.Render(classifier.Report, classifier.Name));
            Figure(outDir, RocCurvesFigure.FileName, "One-vs-rest ROC curves per digit with micro- and macro-averages.",
                () => RocCurvesFigure.Render(classifier.Roc, classifier.Name));
            Figure(outDir, CompleteAnalysisFigure.FileName, "Summary of the whole evaluation on one page.",
                () => CompleteAnalysisFigure.Render(new CompleteAnalysisInputs(history, plane, manifold, image, testImages, reconstructions,
                    quality.Ssim, samples, interpolation, classifier.Report, classifier.Roc, ssim.Overall, psnr.Overall, mse.Overall,
                    classifier.Name, d)));
            // The summary leads the report.
            _figures.Insert(0, _figures[^1]);
            _figures.RemoveAt(_figures.Count - 1);
        }, "3 figures");

        var result = new EvaluationResult
        {
            Options = options,
            Provider = backend.Provider,
            LatentDim = d,
            Image = image,
            Metadata = backend.Metadata,
            History = history,
            TrainCount = train.Count,
            TestCount = test.Count,
            EvaluatedCount = evaluated,
            Classifier = classifier,
            Quality = quality,
            EvaluatedLabels = evaluatedLabels,
            Ssim = ssim,
            Psnr = psnr,
            Mse = mse,
            Pca = pca,
            Timings = timer.Stages,
            TotalSeconds = timer.TotalSeconds,
            Artifacts = _artifacts,
            Figures = _figures,
        };
        timer.Run("report", () =>
        {
            // Listed before writing so that metrics.json and the pages name themselves too.
            _artifacts.AddRange([ArtifactNames.Metrics, ArtifactNames.ReportMarkdown, ArtifactNames.ReportHtml]);
            var final = result with { Timings = [.. timer.Stages], TotalSeconds = timer.TotalSeconds };
            AtomicFile.WriteAllText(Path.Combine(outDir, ArtifactNames.Metrics), MetricsJson.Write(final));
            AtomicFile.WriteAllText(Path.Combine(outDir, ArtifactNames.ReportMarkdown), ReportPages.Markdown(final));
            AtomicFile.WriteAllText(Path.Combine(outDir, ArtifactNames.ReportHtml), ReportPages.Html(final));
        }, $"{ArtifactNames.Metrics}, {ArtifactNames.ReportMarkdown}, {ArtifactNames.ReportHtml}");
        return result with { Timings = [.. timer.Stages], TotalSeconds = timer.TotalSeconds };
    }

    // Fails in a moment, before any data is read, with what the model library would say after loading it all.
    private void CheckInputs()
    {
        string models = options.ModelDirectory;
        if (!Directory.Exists(models))
        {
            throw new VaeModelException(models, VaeModelFault.NotFound, "model folder not found");
        }
        foreach (string file in new[] { ArtifactNames.Encoder, ArtifactNames.Decoder })
        {
            string path = Path.Combine(models, file);
            if (!File.Exists(path))
            {
                throw new VaeModelException(path, VaeModelFault.NotFound, "file not found");
            }
        }
        if (!Directory.Exists(options.DataDirectory))
        {
            throw new DataFileException(options.DataDirectory, "dataset folder not found");
        }
    }

    /// <summary>
    /// Creates the output folder and proves it takes files before anything is computed, so that an unwritable
    /// <c>--out</c> (read-only, or a file in the way) is one line naming it rather than a failure after the whole run.
    /// </summary>
    private static void PrepareOutput(string outDir)
    {
        if (File.Exists(outDir))
        {
            throw new DataFileException(outDir, "the output folder given by --out is a file");
        }
        try
        {
            Directory.CreateDirectory(outDir);
            // A write that is begun and discarded: the folder's permissions, file system and quota all have their say.
            using var probe = AtomicFile.Begin(Path.Combine(outDir, ArtifactNames.Metrics));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DataFileException)
        {
            throw new DataFileException(outDir, $"cannot write into the output folder given by --out ({(e.InnerException ?? e).Message})", e);
        }
    }

    private IVaeBackend OpenBackend()
    {
        var backend = backendFactory(options, log);
        if (backend.LatentDim < 1)
        {
            backend.Dispose();
            throw new DataFileException(options.ModelDirectory, $"the model reports latent size {backend.LatentDim}");
        }
        return backend;
    }

    /// <summary>Test latents on a plane: as they are for d = 2, else the first two principal components.</summary>
    public static (LatentPlane Plane, Pca? Pca) LatentPlaneOf(float[] mu, byte[] labels, int d)
    {
        int n = labels.Length;
        var xs = new double[n];
        var ys = new double[n];
        if (d == 2)
        {
            for (int i = 0; i < n; i++)
            {
                xs[i] = mu[2 * i];
                ys[i] = mu[(2 * i) + 1];
            }
            return (new LatentPlane(xs, ys, labels, "z₁", "z₂", null), null);
        }
        var pca = Pca.Fit(mu, n, d);
        var projected = pca.Project(mu, Math.Min(2, d));
        int k = Math.Min(2, d);
        for (int i = 0; i < n; i++)
        {
            xs[i] = projected[i * k];
            ys[i] = k > 1 ? projected[(i * k) + 1] : 0;
        }
        var ratio = pca.ExplainedVarianceRatio;
        string Axis(int c) => c < ratio.Length
            ? string.Create(CultureInfo.InvariantCulture, $"PC{c + 1} ({ratio[c] * 100:0.#} % of variance)")
            : $"PC{c + 1} (none: 1-D latent space)";
        string note = d == 1
            ? "1-D latent space: the vertical axis is constant"
            : string.Create(CultureInfo.InvariantCulture,
                $"latent dim {d}: axes are the first two principal components of the test μ ({(ratio[0] + ratio[1]) * 100:0.#} % of variance)");
        return (new LatentPlane(xs, ys, labels, Axis(0), Axis(1), note), pca);
    }

    /// <summary>
    /// Images decoded on a <see cref="ManifoldSize"/>² grid spanning the 1st to 99th percentile of the test latents
    /// along each plane axis (the raw axes for d = 2, else the first two principal components: z = mean(μ) + a·PC1
    /// + b·PC2). Spanning the data rather than the prior's quantiles shows every digit the model places.
    /// </summary>
    public static ManifoldGrid Manifold(IVaeBackend backend, int d, LatentPlane plane, Pca? pca)
    {
        int size = ManifoldSize;
        static double[] Span(double[] values, int count)
        {
            var sorted = values.Where(double.IsFinite).Order().ToArray();
            double lo = sorted.Length == 0 ? -1 : Quantiles.Linear(sorted, 0.01);
            double hi = sorted.Length == 0 ? 1 : Quantiles.Linear(sorted, 0.99);
            if (hi - lo < 1e-6)
            {
                (lo, hi) = (lo - 1, hi + 1);
            }
            return [.. Enumerable.Range(0, count).Select(i => lo + ((hi - lo) * i / (count - 1)))];
        }
        double[] columns = Span(plane.X, size);
        double[] rows = [.. Span(plane.Y, size).Reverse()]; // largest value on top
        var z = new float[size * size * d];
        for (int r = 0; r < size; r++)
        {
            for (int c = 0; c < size; c++)
            {
                int at = ((r * size) + c) * d;
                if (pca is null)
                {
                    z[at] = (float)columns[c];
                    z[at + 1] = (float)rows[r];
                }
                else
                {
                    pca.FromPlane(columns[c], rows[r]).CopyTo(z, at);
                }
            }
        }
        string note = pca is null
            ? "grid spans the 1st–99th percentile of the test μ along each latent axis"
            : "grid z = mean(μ) + a·PC1 + b·PC2, a and b spanning the 1st–99th percentile of the test μ along each component";
        var (xLabel, yLabel) = pca is null ? ("z₁", "z₂") : ("PC1", "PC2");
        return new ManifoldGrid(backend.Decode(z), backend.Signature.Image, size, columns, rows, xLabel, yLabel, note);
    }

    /// <summary>
    /// For each of <see cref="InterpolationPairs"/> whose digits both occur in <paramref name="labels"/>, the decoder
    /// along the straight line (<see cref="LatentSampling.Line"/>, <see cref="InterpolationSteps"/> codes) between
    /// the latent means of the first test image of each digit.
    /// </summary>
    public static InterpolationRows Interpolation(IVaeBackend backend, float[] mu, byte[] labels)
    {
        int d = backend.LatentDim;
        var pairs = InterpolationPairs
            .Select(p => (p, From: Array.IndexOf(labels, (byte)p.From), To: Array.IndexOf(labels, (byte)p.To)))
            .Where(x => x.From >= 0 && x.To >= 0)
            .ToArray();
        int steps = InterpolationSteps;
        var z = new float[pairs.Length * steps * d];
        for (int r = 0; r < pairs.Length; r++)
        {
            LatentSampling.Line(mu.AsSpan(pairs[r].From * d, d), mu.AsSpan(pairs[r].To * d, d), steps).CopyTo(z, r * steps * d);
        }
        var images = pairs.Length == 0 ? [] : backend.Decode(z);
        return new InterpolationRows(images, backend.Signature.Image, steps, [.. pairs.Select(x => x.p)]);
    }

    private ClassifierRun RunClassifier(float[] trainMu, byte[] trainLabels, float[] testMu, byte[] testLabels, int d)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var settings = new ClassifierSettings(options.Trees, options.Seed, options.Threads > 0 ? options.Threads : null);
        ClassifierResult result;
        if (options.Protocol == ClassifierProtocol.TrainTest)
        {
            result = LatentClassifier.FitAndScore(trainMu, trainLabels, testMu, testLabels, d, Classes, settings);
        }
        else
        {
            var (fit, score) = LatentClassifier.Split(testLabels.Length, 0.8, options.Seed);
            var (fitX, fitY) = LatentClassifier.Gather(testMu, testLabels, d, fit);
            var (scoreX, scoreY) = LatentClassifier.Gather(testMu, testLabels, d, score);
            result = LatentClassifier.FitAndScore(fitX, fitY, scoreX, scoreY, d, Classes, settings);
        }
        var report = ClassificationReport.Compute(result.Labels, result.Predicted, Classes);
        var roc = MulticlassRoc.Compute(result.Labels, result.Scores, Classes);
        return new ClassifierRun(options.Protocol, options.Trees, result, report, roc, clock.Elapsed.TotalSeconds);
    }

    private static MetricSummary Summarise(double[] values, byte[] labels) =>
        new(DescriptiveStatistics.Compute(values), DescriptiveStatistics.ComputeByClass(values, labels, Classes));

    private static string Describe(ImageQualityScores q)
    {
        var ssim = DescriptiveStatistics.Compute(q.Ssim);
        var psnr = DescriptiveStatistics.Compute(q.Psnr);
        return string.Create(CultureInfo.InvariantCulture, $"{q.Count:N0} images: SSIM {ssim.Mean:0.0000}, PSNR {psnr.Mean:0.00} dB");
    }

    private void Figure(string outDir, string file, string caption, Func<byte[]> render)
    {
        AtomicFile.WriteAllBytes(Path.Combine(outDir, file), render());
        _artifacts.Add(file);
        _figures.Add((file, caption));
    }

    private void Npy(string outDir, string file, ReadOnlySpan<float> data, int[] shape)
    {
        npy.Write(Path.Combine(outDir, file), data, shape);
        _artifacts.Add(file);
    }

    private void Npy(string outDir, string file, ReadOnlySpan<byte> data, int[] shape)
    {
        npy.Write(Path.Combine(outDir, file), data, shape);
        _artifacts.Add(file);
    }

    private void ReportFile(string outDir, string file, string text)
    {
        AtomicFile.WriteAllText(Path.Combine(outDir, file), text);
        _artifacts.Add(file);
    }

    /// <summary>index,label,ssim,psnr,mse per evaluated image; a PSNR of +∞ is written <c>inf</c>.</summary>
    public static string PerImageCsv(ImageQualityScores quality, ReadOnlySpan<byte> labels)
    {
        var text = new StringBuilder(quality.Count * 48);
        text.Append("index,label,ssim,psnr,mse\n");
        for (int i = 0; i < quality.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},{labels[i]},{quality.Ssim[i]:R},{Csv(quality.Psnr[i])},{quality.Mse[i]:R}\n");
        }
        return text.ToString();
    }

    private static string Csv(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        double.NaN => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
