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

    /// <summary>
    /// The label a conditional model's manifold is decoded under: a digit whose shapes vary a lot (slant, loop,
    /// foot), so the grid shows what the latent plane holds besides the class.
    /// </summary>
    public const int ManifoldLabel = 2;

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
        AtomicFile.ProbeFolder(outDir, "--out");
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
        bool conditional = backend.Signature.IsConditional;
        CheckLabels(backend.Signature, train.Labels, test.Labels);
        var exported = OpenClassifier(backend);
        using var scorer = exported.Scorer;

        // A conditional model encodes (and reconstructs) every image under its true label.
        int[] trainLabels = conditional ? [.. train.Labels.Select(l => (int)l)] : [];
        int[] testLabels = conditional ? [.. test.Labels.Select(l => (int)l)] : [];
        string under = conditional ? ", each under its label" : "";
        var testImages = test.ToScaledFloats();
        var trainMu = timer.Run("encode train", () => backend.EncodeMean(train.Pixels, trainLabels),
            _ => $"{train.Count:N0} images → μ [{train.Count}, {d}]{under}");
        var testMu = timer.Run("encode test", () => backend.EncodeMean(testImages, testLabels),
            _ => $"{test.Count:N0} images → μ [{test.Count}, {d}]{under}");

        // The classifiers are the slowest stage and need nothing else: fit them while the rest is computed.
        var classifierStage = new ClassifierStage(options, exported, Classes);
        var classifierTask = Task.Factory.StartNew(() => classifierStage.Run(trainMu, train.Labels, testMu, test.Labels, d),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        int evaluated = Math.Min(options.SampleSize ?? test.Count, test.Count);
        var reconstructions = timer.Run("decode reconstructions",
            () => backend.Decode(testMu.AsSpan(0, evaluated * d), conditional ? testLabels.AsSpan(0, evaluated) : default),
            _ => $"decoder(μ) of the first {evaluated:N0} test images{under}");
        var (plane, pca) = timer.Run("latent plane", () => LatentPlaneOf(testMu, test.Labels, d),
            p => p.Item2 is null ? "2-D latents plotted as they are" : "first two principal components");
        var views = LatentViews(plane, testMu, test.Labels, d, timer);
        var decoded = timer.Run("decode samples and grids", () => DecodeFigures(backend, views.Primary, pca, testMu, test.Labels, testImages));

        var evaluatedLabels = test.Labels[..evaluated];
        var quality = timer.Run("image quality", () => ImageQuality.Compute(testImages.AsMemory(0, evaluated * pixels),
            reconstructions, evaluated, image.Height, image.Width, maxDegreeOfParallelism: threads), q => Describe(q));
        var (ssim, psnr, mse) = timer.Run("statistics", () => (
            Summarise(quality.Ssim, evaluatedLabels), Summarise(quality.Psnr, evaluatedLabels), Summarise(quality.Mse, evaluatedLabels)));

        timer.Run("figures (model)", () =>
        {
            int before = _figures.Count;
            Figure(outDir, LossCurvesFigure.FileName, "Loss curves: total, reconstruction (BCE) and KL per sample, train vs test.",
                () => LossCurvesFigure.Render(history));
            Figure(outDir, LatentSpaceFigure.FileName, views.Planes.Count == 1
                    ? "Test-set latent means coloured by digit."
                    : $"Test-set latent means coloured by digit: {string.Join(" and ", views.Planes.Select(v => v.Method.Title))} side by side, each with its trustworthiness (k = {Trustworthiness.DefaultNeighbours}) and 1-NN accuracy.",
                () => LatentSpaceFigure.Render(views.Planes));
            Figure(outDir, LatentSpacePerDigitFigure.FileName, $"Per-digit latent scatter with Gaussian KDE contours (Scott's bandwidth){(views.Planes.Count == 1 ? "" : $", {string.Join(" above ", views.Planes.Select(v => v.Method.Title))}")}.",
                () => LatentSpacePerDigitFigure.Render(views.Planes, threads));
            Figure(outDir, ReconstructionsFigure.FileName, $"First test images over their reconstructions decoder(μ){(conditional ? " (encoded and decoded under their labels)" : "")}, with SSIM.",
                () => ReconstructionsFigure.Render(testImages, reconstructions, quality.Ssim, image));
            Figure(outDir, LatentManifoldFigure.FileName, $"Images decoded on a grid over the latent plane{(conditional ? $", all under label {ManifoldLabel}" : "")}.",
                () => LatentManifoldFigure.Render(decoded.Manifold));
            Figure(outDir, GeneratedSamplesFigure.FileName, $"Images decoded from z ~ N(0, I){(conditional ? "; sample k under label k mod 10 (row-major: 0, 1, …, 9, 0, …)" : "")}.",
                () => GeneratedSamplesFigure.Render(decoded.Samples, image, options.Seed, conditional ? Classes : null));
            Figure(outDir, InterpolationFigure.FileName, $"Decoded straight-line interpolations between the latent means of test digits{(conditional ? ", each row under the label of its first digit" : "")}.",
                () => InterpolationFigure.Render(decoded.Interpolation));
            if (decoded.ConditionalSamples is { } samplesByLabel)
            {
                Figure(outDir, ConditionalSamplesFigure.FileName, $"One row per label, the same {ConditionalSamplesFigure.Samples} codes z ~ N(0, I) in every row: each column is one style drawn as every digit.",
                    () => ConditionalSamplesFigure.Render(samplesByLabel, image, Classes, options.Seed));
            }
            if (decoded.StyleTransfer is { } styles)
            {
                Figure(outDir, StyleTransferFigure.FileName, "Each row a test image encoded under its own label, then its μ decoded under every label: the latent code carries the style.",
                    () => StyleTransferFigure.Render(styles));
            }
            Figure(outDir, SsimDistributionFigure.FileName, "SSIM distribution, overall and per digit.",
                () => SsimDistributionFigure.Render(quality.Ssim, ssim.Overall, ssim.PerDigit));
            Figure(outDir, PsnrDistributionFigure.FileName, "PSNR distribution, overall and per digit.",
                () => PsnrDistributionFigure.Render(quality.Psnr, psnr.Overall, psnr.PerDigit));
            return _figures.Count - before;
        }, n => $"{n} figures");

        timer.Run("write arrays", () =>
        {
            Npy(outDir, ArtifactNames.LatentsTrain, trainMu, [train.Count, d]);
            Npy(outDir, ArtifactNames.LabelsTrain, train.Labels, [train.Count]);
            Npy(outDir, ArtifactNames.LatentsTest, testMu, [test.Count, d]);
            Npy(outDir, ArtifactNames.LabelsTest, test.Labels, [test.Count]);
            foreach (var view in views.Planes)
            {
                if (view.Method.TestFileName is { } file)
                {
                    Npy(outDir, file, [.. view.Interleaved().Select(v => (float)v)], [view.Count, 2]);
                }
            }
            Npy(outDir, ArtifactNames.ReconstructionsTest, reconstructions, [evaluated, image.Channels, image.Height, image.Width]);
            ReportFile(outDir, ArtifactNames.PerImageMetrics, PerImageCsv(quality, evaluatedLabels));
        }, $"latents, labels, 2-D views, reconstructions (.npy), {ArtifactNames.PerImageMetrics}");

        var classifierWait = System.Diagnostics.Stopwatch.StartNew();
        var classifiers = classifierTask.GetAwaiter().GetResult();
        double waited = classifierWait.Elapsed.TotalSeconds;
        foreach (var run in classifiers.Runs)
        {
            timer.Record($"classifier {run.Id} (background)", run.Seconds, string.Create(CultureInfo.InvariantCulture,
                $"{run.Name}, {(run.Result.TrainRows > 0 ? $"fit on {run.Result.TrainRows:N0} rows" : "fitted by vae-train")}, accuracy {run.Report.Accuracy:0.0000}, micro-AUC {run.Roc.Micro.Auc:0.0000}"));
        }
        foreach (var missing in classifiers.Unavailable)
        {
            log($"note: {missing.Name} unavailable: {missing.Reason}");
        }
        timer.Record("classifier wait", waited);
        var best = classifiers.Best;
        string bestName = classifiers.Runs.Count == 1 ? best.Name : $"{best.Name}, the most accurate of {classifiers.Runs.Count}";

        timer.Run("figures (classifier)", () =>
        {
            Figure(outDir, ConfusionMatrixFigure.FileName, $"Confusion matrix of {bestName}: counts and row-normalised.",
                () => ConfusionMatrixFigure.Render(best.Report, bestName));
            Figure(outDir, RocCurvesFigure.FileName, $"One-vs-rest ROC curves per digit with micro- and macro-averages ({bestName}).",
                () => RocCurvesFigure.Render(best.Roc, bestName));
            Figure(outDir, CompleteAnalysisFigure.FileName, "Summary of the whole evaluation on one page.",
                () => CompleteAnalysisFigure.Render(new CompleteAnalysisInputs(history, views.Primary, decoded.Manifold, image, testImages, reconstructions,
                    quality.Ssim, decoded.Samples, decoded.Interpolation, best.Report, best.Roc, ssim.Overall, psnr.Overall, mse.Overall,
                    best.Name, d)));
            // The summary leads the report.
            _figures.Insert(0, _figures[^1]);
            _figures.RemoveAt(_figures.Count - 1);
        }, "3 figures");

        var result = new EvaluationResult
        {
            Options = options,
            Provider = backend.Provider,
            Signature = backend.Signature,
            LatentDim = d,
            Image = image,
            Metadata = backend.Metadata,
            History = history,
            TrainCount = train.Count,
            TestCount = test.Count,
            EvaluatedCount = evaluated,
            Conditional = conditional,
            Classifiers = classifiers,
            Views = views,
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

    // The t-SNE view (when it runs) beside the primary plane, and the quality of every view.
    private LatentViews LatentViews(LatentPlane plane, float[] testMu, byte[] labels, int d, StageTimer timer)
    {
        string? why = LatentViewStage.WhyNoTSne(options.TSne, d, labels.Length, options.TSnePerplexity);
        TSneRun? tsne = null;
        if (why is null)
        {
            tsne = timer.Run("t-SNE", () => LatentViewStage.TSne(testMu, labels.Length, d, options), t => string.Create(CultureInfo.InvariantCulture,
                $"{labels.Length:N0} points, perplexity {t.Settings.Perplexity}, {t.Result.Neighbours} neighbours ({t.Result.NeighbourSeconds:0.00} s), {t.Settings.Iterations} steps ({t.Result.OptimiseSeconds:0.00} s, {options.EffectiveThreads} threads), KL {t.Result.KlDivergence:0.000}"));
        }
        else
        {
            log($"note: {why}");
        }
        LatentPlane[] planes = tsne is null ? [plane] : [plane, LatentViewStage.Plane(tsne, labels)];
        var (measured, latentOneNn) = timer.Run("view quality", () => LatentViewStage.Measure(planes, testMu, d, options.EffectiveThreads),
            m => string.Join("; ", m.Planes.Select(v => LatentSpaceFigure.PanelTitle(v))) + string.Create(CultureInfo.InvariantCulture, $"; 1-NN in the {d}-D latent space {m.LatentOneNn:0.000}"));
        return new LatentViews(measured, latentOneNn, tsne, why);
    }

    /// <summary>What the decoder draws for the figures: samples, the manifold, interpolations and, for a conditional model, the label figures.</summary>
    private sealed record DecodedFigures(float[] Samples, ManifoldGrid Manifold, InterpolationRows Interpolation,
        float[]? ConditionalSamples, StyleTransferRows? StyleTransfer);

    private DecodedFigures DecodeFigures(IVaeBackend backend, LatentPlane plane, Pca? pca, float[] testMu, byte[] labels, float[] testImages)
    {
        int d = backend.LatentDim;
        bool conditional = backend.Signature.IsConditional;
        int count = GeneratedSamplesFigure.GridSide * GeneratedSamplesFigure.GridSide;
        var codes = LatentSampling.StandardNormal(count, d, options.Seed);
        // Under labels 0, 1, 2, … in turn, so the one grid shows every digit.
        var samples = backend.Decode(codes, conditional ? [.. Enumerable.Range(0, count).Select(k => k % Classes)] : default);
        var manifold = Manifold(backend, d, plane, pca, conditional ? ManifoldLabel : null);
        var interpolation = Interpolation(backend, testMu, labels);
        if (!conditional)
        {
            return new DecodedFigures(samples, manifold, interpolation, null, null);
        }
        return new DecodedFigures(samples, manifold, interpolation, ConditionalSamples(backend, options.Seed), StyleTransfer(backend, testMu, labels, testImages));
    }

    /// <summary>
    /// <see cref="ConditionalSamplesFigure.Samples"/> codes from N(0, I) (the shared sampler, <paramref name="seed"/>)
    /// decoded under each label in turn: <see cref="Classes"/> rows of images.
    /// </summary>
    public static float[] ConditionalSamples(IVaeBackend backend, int seed)
    {
        int d = backend.LatentDim, n = ConditionalSamplesFigure.Samples;
        var codes = LatentSampling.StandardNormal(n, d, seed);
        var z = new float[Classes * n * d];
        var labels = new int[Classes * n];
        for (int label = 0; label < Classes; label++)
        {
            codes.CopyTo(z, label * n * d);
            labels.AsSpan(label * n, n).Fill(label);
        }
        return backend.Decode(z, labels);
    }

    /// <summary>
    /// The μ of the first test image of each of the first <see cref="StyleTransferFigure.Rows"/> distinct digits (in
    /// test-set order), each decoded under every label, with the images (<paramref name="images"/>, [N, pixels]) they came from.
    /// </summary>
    public static StyleTransferRows StyleTransfer(IVaeBackend backend, float[] mu, byte[] labels, ReadOnlySpan<float> images)
    {
        int d = backend.LatentDim, pixels = backend.Signature.Image.Size;
        var picked = Enumerable.Range(0, labels.Length).DistinctBy(i => labels[i]).Take(StyleTransferFigure.Rows).ToArray();
        var z = new float[picked.Length * Classes * d];
        var decodeLabels = new int[picked.Length * Classes];
        for (int r = 0; r < picked.Length; r++)
        {
            for (int label = 0; label < Classes; label++)
            {
                mu.AsSpan(picked[r] * d, d).CopyTo(z.AsSpan(((r * Classes) + label) * d));
                decodeLabels[(r * Classes) + label] = label;
            }
        }
        var originals = new float[picked.Length * pixels];
        for (int r = 0; r < picked.Length; r++)
        {
            images.Slice(picked[r] * pixels, pixels).CopyTo(originals.AsSpan(r * pixels));
        }
        return new StyleTransferRows(originals, picked.Length == 0 ? [] : backend.Decode(z, decodeLabels), backend.Signature.Image,
            picked, [.. picked.Select(i => (int)labels[i])], Classes);
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

    // Labels index the model's one-hot code: a conditional model must know every label of the data.
    private void CheckLabels(VaeSignature signature, byte[] trainLabels, byte[] testLabels)
    {
        int largest = Math.Max(trainLabels.Max(), testLabels.Max());
        if (largest >= Classes)
        {
            throw new DataFileException(options.DataDirectory, $"labels go up to {largest}, the evaluation knows {Classes} classes");
        }
        if (signature.IsConditional && signature.Conditioning.Classes < Classes)
        {
            throw new DataFileException(options.ModelDirectory,
                $"the model is conditioned on {signature.Conditioning.Classes} classes, the evaluation draws every one of {Classes} digits");
        }
    }

    // The trainer's classifier: required by --classifier mlp, otherwise reported as unavailable when it is not there.
    private ExportedClassifier OpenClassifier(IVaeBackend backend)
    {
        if (!ClassifierStage.KindsOf(options.Classifier).Contains(ClassifierKind.Mlp))
        {
            return new ExportedClassifier(null, null);
        }
        var exported = backend.OpenClassifier();
        if (exported.Problem is { } problem && options.Classifier == ClassifierSelection.Mlp)
        {
            throw problem;
        }
        return exported;
    }

    private static int[] Repeat(int label, int count) => [.. Enumerable.Repeat(label, count)];

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
        return (new LatentPlane(xs, ys, labels, Axis(0), Axis(1), note) { Method = EmbeddingMethod.Pca }, pca);
    }

    /// <summary>
    /// Images decoded on a <see cref="ManifoldSize"/>² grid spanning the 1st to 99th percentile of the test latents
    /// along each plane axis (the raw axes for d = 2, else the first two principal components: z = mean(μ) + a·PC1
    /// + b·PC2). Spanning the data rather than the prior's quantiles shows every digit the model places.
    /// </summary>
    public static ManifoldGrid Manifold(IVaeBackend backend, int d, LatentPlane plane, Pca? pca, int? label = null)
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
        var images = backend.Decode(z, label is { } l ? Repeat(l, size * size) : default);
        return new ManifoldGrid(images, backend.Signature.Image, size, columns, rows, xLabel, yLabel, note) { Label = label };
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
        // A conditional model draws each row as its first digit: the line between two codes then varies the style only.
        bool conditional = backend.Signature.IsConditional;
        int[] rowLabels = conditional ? [.. pairs.SelectMany(x => Enumerable.Repeat(x.p.From, steps))] : [];
        var images = pairs.Length == 0 ? [] : backend.Decode(z, rowLabels);
        return new InterpolationRows(images, backend.Signature.Image, steps, [.. pairs.Select(x => x.p)]) { UnderFirstLabel = conditional };
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
