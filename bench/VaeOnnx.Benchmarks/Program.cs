using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using VaeOnnx.Benchmarks.ServeLoad;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Serve;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks;

/// <summary>Entry point of <c>vae-bench</c> (run by <c>make bench</c>).</summary>
public static class Program
{
    public static int Main(string[] args) => BenchmarkCommand.Run(args);

    /// <summary>Measures, writes the report and prints it to <paramref name="output"/>; progress goes to stderr.</summary>
    internal static int Execute(BenchmarkSettings settings, TextWriter output)
    {
        // Minutes of measuring come before the report is written: an unusable --out fails first.
        AtomicFile.ProbeFolder(settings.Out, "--out");
        var report = Run(settings);
        string stem = Path.Combine(settings.Out, $"{report.Date}-{report.Host}");
        AtomicFile.WriteAllText(stem + ".json", report.ToJson());
        string markdown = report.ToMarkdown();
        AtomicFile.WriteAllText(stem + ".md", markdown);
        output.WriteLine(markdown);
        output.WriteLine($"wrote {stem}.json and {stem}.md");
        if (SoakRun.Failed(report.Soak))
        {
            // The report is written with the soak's numbers; the exit code is what a script or CI sees.
            output.WriteLine("the HTTP soak FAILED (see above): exit code 1");
            return ExitCodes.Failure;
        }
        return ExitCodes.Success;
    }

    private static BenchReport Run(BenchmarkSettings settings)
    {
        string data = settings.Data;
        int cores = Environment.ProcessorCount;
        NativeSetup.Configure(cores);
        var report = new BenchReport
        {
            Date = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Host = Environment.MachineName,
            Cores = cores,
            Os = RuntimeInformation.OSDescription,
            TorchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?",
            Blas = MklDispatch.Description,
        };
        // The model measured: the one in --models when given (its checkpoint says what it is), else the default. Its
        // weights are loaded here once so that a missing or mismatched checkpoint fails before minutes of measuring.
        string? modelDir = settings.Models;
        var signature = modelDir is null ? VaeSignature.Default : Checkpoint.ReadHeader(Path.Combine(modelDir, ArtifactNames.Checkpoint)).Signature;
        report.Model = signature.Describe();
        var train = MnistDataset.Load(data, DatasetSplit.Train);
        var test = MnistDataset.Load(data, DatasetSplit.Test);
        int[] threadCounts = cores > 1 ? [1, cores] : [1];
        double flopsPerEpoch;
        using (var probe = new Vae(signature))
        {
            if (modelDir is not null)
            {
                Checkpoint.Load(Path.Combine(modelDir, ArtifactNames.Checkpoint), probe, optimizer: null);
            }
            flopsPerEpoch = probe.TrainingFlopsPerSample() * train.Count;
        }

        foreach (int threads in threadCounts)
        {
            set_num_threads(threads);
            Console.Error.WriteLine($"matmul ceiling, {threads} thread(s)");
            report.MatmulGflops[$"{threads} thread(s)"] = MatmulCeiling.Measure();
        }
        CompareWithPyTorch(report, settings, signature, train, test, threadCounts, flopsPerEpoch);
        set_num_threads(cores);
        Console.Error.WriteLine("step breakdown");
        report.StepMilliseconds["flat Adam (product)"] = StepProfile.Measure(signature, train, flatAdam: true);
        report.StepMilliseconds["TorchSharp optim.Adam"] = StepProfile.Measure(signature, train, flatAdam: false);
        report.StepMilliseconds["flat Adam, --precision bf16 (opt-in)"] = StepProfile.Measure(signature, train, flatAdam: true, TrainingPrecision.Bf16);

        // The model the inference figures use: trained here end to end, or (with --skip-e2e) an existing --models folder.
        bool scratchModel = false;
        if (!settings.SkipEndToEnd && settings.Trainer is { } trainer)
        {
            modelDir = Directory.CreateTempSubdirectory("vae-bench-e2e-").FullName;
            scratchModel = true;
            Console.Error.WriteLine($"end to end: vae-train (20 epochs) into {modelDir}");
            report.EndToEndSeconds["train (20 epochs, export, parity)"] = ProcessTimer.Run(trainer, ["--data", data, "--out", modelDir]);
            if (settings.Evaluator is { } evaluator)
            {
                Console.Error.WriteLine("end to end: vae-evaluate");
                report.EndToEndSeconds["evaluate (all stages)"] = ProcessTimer.Run(evaluator,
                    ["--models", modelDir, "--data", data, "--out", Path.Combine(modelDir, "reports")]);
            }
        }

        Console.Error.WriteLine("TorchSharp eager decoder");
        manual_seed(1);
        using (var model = new Vae(signature))
        {
            if (modelDir is not null)
            {
                Checkpoint.Load(Path.Combine(modelDir, ArtifactNames.Checkpoint), model, optimizer: null);
            }
            foreach (int batch in new[] { 1, 64, 1024 })
            {
                var ms = EagerDecoder.Measure(model, batch, TimeSpan.FromSeconds(1));
                report.EagerDecoder.Add(new EagerResult(batch, ms, batch / (ms.Median / 1000)));
            }
        }

        if (modelDir is not null)
        {
            string scratch = Directory.CreateTempSubdirectory("vae-bench-out-").FullName;
            if (settings.Vae is { } vae)
            {
                Console.Error.WriteLine("ONNX Runtime: vae bench");
                string json = Path.Combine(scratch, "vae-bench.json");
                ProcessTimer.Run(vae, ["bench", "--models", modelDir, "--json", json]);
                report.Inference = JsonNode.Parse(File.ReadAllText(json));
            }
            Console.Error.WriteLine("HTTP: serve load test (in-process server on loopback, bounded)");
            string load = Path.Combine(scratch, "serve-load.json");
            LoadTest.RunAsync(new LoadTestOptions
            {
                Server = new ServeOptions { ModelDirectory = modelDir, DataDirectory = data },
                OutputPath = load,
            }, Console.Error).GetAwaiter().GetResult();
            report.Serve = JsonNode.Parse(File.ReadAllText(load));
            Directory.Delete(scratch, recursive: true);
            if (settings.SoakSeconds > 0)
            {
                if (settings.Vae is { } server)
                {
                    Console.Error.WriteLine($"HTTP: soak of vae serve out of process, {settings.SoakSeconds} s");
                    report.Soak = SoakRun.Measure(new SoakOptions
                    {
                        VaeDll = server,
                        ModelDirectory = modelDir,
                        DataDirectory = data,
                        Duration = TimeSpan.FromSeconds(settings.SoakSeconds),
                    }, Console.Error);
                }
                else
                {
                    Console.Error.WriteLine("HTTP soak skipped: it runs vae serve, so it needs --vae");
                }
            }
        }
        if (scratchModel)
        {
            Directory.Delete(modelDir!, recursive: true);
        }
        return report;
    }

    /// <summary>
    /// vae-train against the PyTorch reference loop on the same machine in the same run, per member of the family: the
    /// measured model at every thread count (the headline ratio; its epochs also fill the training table), the
    /// convolutional and the conditional VAE at all cores. Convolutional epochs are long (PyTorch took ~2 minutes for
    /// one here), so they run on a subset, scaled to 60k. Our measured epochs alternate with the reference's at the same
    /// thread count (the bf16 opt-in with a reference run of its own), so that a neighbour on a shared host that comes
    /// or goes within a minute disturbs both sides of each ratio alike.
    /// </summary>
    private static void CompareWithPyTorch(BenchReport report, BenchmarkSettings settings, VaeSignature measured, LabeledImages train,
        LabeledImages test, int[] threadCounts, double flopsPerEpoch)
    {
        var (reference, missing) = PyTorchReference.Find(RepositoryRoot());
        report.PyTorchMissing = missing;
        var conv = measured with { Architecture = ArchitectureSpec.Conv(measured.Architecture.HiddenDim), Conditioning = Conditioning.None };
        var cvae = measured with { Architecture = ArchitectureSpec.Mlp(measured.Architecture.HiddenDim), Conditioning = Conditioning.ClassLabel(MnistDataset.Classes) };
        (VaeSignature Signature, int[] Threads, int Limit)[] members =
        [
            (measured, threadCounts, 0),
            .. measured.Architecture.Id == ArchitectureSpec.Ids.Conv ? [] : new[] { (conv, new[] { threadCounts[^1] }, settings.ConvImages) },
            .. measured.IsConditional ? [] : new[] { (cvae, new[] { threadCounts[^1] }, 0) },
        ];
        foreach (var (signature, threads, limit) in members)
        {
            var images = limit > 0 ? train.Take(limit) : train;
            double scale = 60_000.0 / images.Count;
            foreach (int t in threads)
            {
                // The bfloat16 opt-in against a float32 reference run of its own, in lockstep like the float32 one.
                foreach (var precision in signature == measured ? [TrainingPrecision.Float32, TrainingPrecision.Bf16] : new[] { TrainingPrecision.Float32 })
                {
                    string option = precision == TrainingPrecision.Float32 ? "" : $", --precision {CliOptions.ChoiceName(precision)}";
                    Console.Error.WriteLine($"vs PyTorch: {signature.Describe()}{option}, {t} thread(s), {images.Count:N0} images per epoch");
                    using var lockstep = reference?.Start(settings.Data, signature.Architecture.Id, signature.IsConditional,
                        signature.Architecture.HiddenDim, signature.LatentDim, t, settings.Epochs, limit);
                    var ourEpochs = TrainingSpeed.EpochSeconds(signature, images, signature == measured ? test : test.Take(1000), t, warmupEpochs: 1,
                        settings.Epochs, precision, lockstep is null ? null : lockstep.RunEpoch);
                    var ours = Spread.Of([.. ourEpochs.Select(s => s * scale)]);
                    var theirs = lockstep?.Finish();
                    var paired = lockstep is null ? null : Spread.Of([.. ourEpochs.Zip(lockstep.Epochs, (a, b) => a * scale / b)]);
                    if (signature == measured && precision == TrainingPrecision.Float32)
                    {
                        double ceiling = report.MatmulGflops[$"{t} thread(s)"].Max;
                        report.Training.Add(new TrainingResult(t, ours, images.Count / ours.Median, flopsPerEpoch / 1e9, ceiling,
                            flopsPerEpoch / ours.Median / 1e9 / ceiling));
                    }
                    report.VersusPyTorch.Add(new PyTorchComparison(signature.Describe(), t, images.Count, ours, theirs, paired, precision));
                }
            }
        }
    }

    /// <summary>The repository holding this benchmark (its files sit under bench/).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "bench", "pytorch", "vae_reference.py")))
            {
                return dir.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
