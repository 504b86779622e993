using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli.Bench;

/// <summary>
/// <c>vae bench</c>: for each provider (CPU, and CUDA when it loads; <c>--device cpu|cuda</c> picks one) and each batch
/// size, times decode and encode five ways, interleaved so machine noise hits all alike, warm-up excluded — <c>bare</c>
/// (InferenceSession.Run on OrtValues preallocated once, the call's input written into them first: the floor, see
/// <see cref="BareRun"/>), <c>library</c> (VaeModel.Decode/Encode: validation, pinning, a new output array per call),
/// <c>library-prealloc</c> (into caller buffers) and <c>bare-same-input</c> (bare without writing the input, the
/// same data every call, which no caller has) and <c>bare-new-arrays</c> (bare, its outputs copied into new arrays:
/// the floor for <c>library</c>, which returns new arrays) — then encodes every MNIST
/// train+test image (70k) with VaeModel.Encode(bytes). A conditional model runs every case with labels (the bare
/// run feeds its label input too) and the 70k pass under the dataset's own labels.
/// </summary>
internal static class BenchCommand
{
    public const string DefaultJson = "bench/results/vae-bench.json";

    public static Command Create(ModelOptions model)
    {
        var batches = ListOptions.Ints("--batch", "batch sizes", [1, 64, 1024], min: 1, "LIST");
        var minReps = CliOptions.Int("--min-reps", "at least N timed runs per case", 200, 1);
        var minTime = CliOptions.Double("--min-time", "and at least X seconds per case", 1.0, 0);
        var maxTime = CliOptions.Double("--max-time", "stop a case after X seconds even below --min-reps", 10.0, 0);
        var warmup = CliOptions.Int("--warmup", "untimed runs first", 20, 0);
        var json = CliOptions.Text("--json", "results as JSON", DefaultJson, "FILE");
        json.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > 0 } path && !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                result.AddError($"{json.Name}: must end in .json (got '{path}')");
            }
        });
        var mnist = CliOptions.Text("--mnist", "dataset for the 70k pass; skipped when absent", SharedOptions.DefaultData, "DIR");
        var noMnist = CliOptions.Flag("--no-mnist", "skip the 70k pass");
        var passReps = CliOptions.Int("--pass-reps", "repetitions of the 70k pass", 3, 1);
        var maxBatch = CliOptions.Int("--max-batch", "images per ONNX Runtime call inside the library", VaeModel.DefaultMaxBatch, 1, 1 << 20);
        var command = new Command("bench", "latency/throughput of the library vs bare ONNX Runtime; 70k-image encode pass")
        {
            batches, minReps, minTime, maxTime, warmup, json, mnist, noMnist, passReps, maxBatch,
        };
        model.AddTo(command);
        command.SetAction(result =>
        {
            var settings = new BenchSettings(result.GetValue(batches)!.Values, result.GetValue(minReps), result.GetValue(minTime), result.GetValue(maxTime),
                result.GetValue(warmup), result.GetValue(passReps));
            Run(result, model, settings, result.GetValue(json)!, result.GetValue(noMnist) ? null : result.GetValue(mnist), result.GetValue(maxBatch));
        });
        return command;
    }

    private static void Run(ParseResult call, ModelOptions options, BenchSettings settings, string jsonPath, string? mnistDirectory, int maxBatchOption)
    {
        // The results are written after the whole run: an unusable --json fails before it.
        AtomicFile.Probe(jsonPath);
        var output = call.Out();
        var device = call.GetValue(options.Device);
        string? loadStart = LoadAverage();
        var notes = new List<string>
        {
            "latencies in microseconds per call; images_per_s = batch / mean latency; *_vs_bare = library / bare - 1",
        };
        var results = new List<BenchResult>();
        var passes = new List<BenchPass>();
        BenchModel? modelInfo = null;
        int threads = 0, maxBatch = 0;

        var devices = device switch
        {
            ExecutionDevice.Cpu => new[] { ExecutionDevice.Cpu },
            ExecutionDevice.Cuda => [ExecutionDevice.Cuda],
            _ => [ExecutionDevice.Cpu, ExecutionDevice.Cuda],
        };
        LabeledImages? mnist = null;
        string? mnistName = null;
        foreach (var d in devices)
        {
            using var model = options.Load(call, device: d, maxBatch: maxBatchOption);
            if (d == ExecutionDevice.Cuda && model.Provider != "CUDA")
            {
                string note = $"CUDA skipped: {model.CudaUnavailableReason}";
                notes.Add(note);
                output.WriteLine(note);
                continue;
            }
            threads = model.IntraOpThreads;
            maxBatch = model.MaxBatch;
            if (modelInfo is null && model.Signature.IsConditional)
            {
                notes.Add($"conditional model: image or code i of a batch runs under label i mod {model.Signature.Conditioning.Classes}, " +
                    "the bare run feeds the same labels, the 70k pass uses the dataset's labels");
            }
            modelInfo ??= new BenchModel(model.ModelDirectory, model.Signature);
            output.WriteLine($"ONNX Runtime {VaeModel.OnnxRuntimeVersion}, provider {model.Provider}, {model.IntraOpThreads} intra-op threads, " +
                $"model {modelInfo.Signature.Describe()}, {Environment.ProcessorCount} logical cores");
            output.WriteLine($"{"op",-7}{"batch",6}  {"api",-17}{"reps",7}{"p50 µs",11}{"p95 µs",11}{"mean µs",11}{"images/s",13}{"p50 vs bare",13}");
            foreach (string op in new[] { "decode", "encode" })
            {
                foreach (int batch in settings.Batches)
                {
                    foreach (var row in MeasureCase(model, op, batch, settings))
                    {
                        results.Add(row);
                        output.WriteLine(FormatRow(row));
                    }
                }
            }
            if (mnistDirectory is not null)
            {
                if (mnist is null && LoadMnist(mnistDirectory, out mnist, out mnistName, out string? why) is false)
                {
                    notes.Add($"70k pass skipped: {why}");
                    output.WriteLine($"70k pass skipped: {why}");
                }
                if (mnist is not null)
                {
                    var pass = MeasurePass(model, mnist, mnistName!, settings.PassReps);
                    passes.Add(pass);
                    output.WriteLine($"encode pass over {pass.Dataset}: {pass.Images:N0} images, best {pass.BestSeconds:F3} s, " +
                        $"mean {pass.MeanSeconds:F3} s over {pass.Reps} reps → {pass.ImagesPerS:N0} images/s");
                }
            }
        }
        if (modelInfo is null)
        {
            throw new UsageException("no provider could be benchmarked");
        }
        var report = new BenchReport(BenchReport.Schema1, "vae bench", DateTimeOffset.UtcNow,
            new BenchMachine(RuntimeInformation.OSDescription, Environment.ProcessorCount, RuntimeInformation.FrameworkDescription,
                VaeModel.OnnxRuntimeVersion, loadStart, LoadAverage(),
                new BenchGc(System.Runtime.GCSettings.IsServerGC, AppContext.TryGetSwitch("System.GC.Concurrent", out bool concurrent) ? concurrent : true,
                    AppContext.GetData("System.GC.LOHThreshold") is { } loh ? Convert.ToInt64(loh, CultureInfo.InvariantCulture) : null)),
            modelInfo,
            new BenchSettingsJson(threads, settings.Batches, settings.MinReps, settings.MinSeconds, settings.MaxSeconds, settings.WarmupReps, maxBatch),
            notes, results, passes);
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(report, BenchReport.Json) + "\n");
        output.WriteLine($"wrote {jsonPath}");
    }

    private static List<BenchResult> MeasureCase(VaeModel model, string op, int batch, BenchSettings settings)
    {
        int latent = model.LatentDim;
        var names = model.Signature.Tensors;
        int size = model.ImageSize;
        var z = model.SampleLatents(batch, seed: 1234);
        int[]? labels = model.Signature.IsConditional ? [.. Enumerable.Range(0, batch).Select(i => i % model.Signature.Conditioning.Classes)] : null;
        Action library, prealloc;
        BareRun bareRun;
        if (op == "decode")
        {
            var destination = new float[batch * size];
            bareRun = new BareRun(model.DecoderSession, Inputs(names.DecoderInput, z, [batch, latent], names.Label, labels),
                [names.DecoderOutput], [model.Signature.Image.WithBatch(batch)]);
            library = labels is null ? () => model.Decode(z) : () => model.Decode(z, labels);
            prealloc = labels is null ? () => model.Decode(z, destination) : () => model.Decode(z, labels, destination);
        }
        else
        {
            var images = labels is null ? model.Decode(z) : model.Decode(z, labels); // realistic inputs, all in [0,1]
            var mu = new float[batch * latent];
            var logVar = new float[batch * latent];
            bareRun = new BareRun(model.EncoderSession, Inputs(names.EncoderInput, images, model.Signature.Image.WithBatch(batch), names.Label, labels),
                [names.Mu, names.LogVar], [[batch, latent], [batch, latent]]);
            library = labels is null ? () => model.Encode(images) : () => model.Encode(images, labels);
            prealloc = labels is null ? () => model.Encode(images, mu, logVar) : () => model.Encode(images, labels, mu, logVar);
        }
        using (bareRun)
        {
            var samples = Timing.Interleaved([bareRun.Run, library, prealloc, bareRun.RunSameInput, bareRun.RunIntoNewArrays], settings);
            var stats = samples.Select(LatencyStats.Of).ToArray();
            string[] apis = ["bare", "library", "library-prealloc", "bare-same-input", "bare-new-arrays"];
            return [.. apis.Select((api, i) => new BenchResult("onnxruntime", api, model.Provider, op, batch, model.IntraOpThreads,
                stats[i].Reps, Round(stats[i].P50Us), Round(stats[i].P95Us), Round(stats[i].MeanUs), Round(stats[i].MinUs),
                Math.Round(batch / (stats[i].MeanUs * 1e-6), 1),
                i == 0 ? null : Math.Round((stats[i].P50Us / stats[0].P50Us) - 1, 4),
                i == 0 ? null : Math.Round((stats[i].MeanUs / stats[0].MeanUs) - 1, 4)))];
        }
    }

    /// <summary>
    /// The main input of a bare run over <paramref name="data"/>, and for a conditional model the int64 label input
    /// the graph takes (the library converts its int labels the same way, once per call).
    /// </summary>
    private static (string Name, Array Data, long[] Shape)[] Inputs(string name, float[] data, long[] shape, string labelName, int[]? labels)
    {
        (string, Array, long[]) input = (name, data, shape);
        return labels is null ? [input] : [input, (labelName, labels.Select(l => (long)l).ToArray(), [labels.Length])];
    }

    private static BenchPass MeasurePass(VaeModel model, LabeledImages dataset, string name, int reps)
    {
        var images = dataset.Pixels;
        int[]? labels = model.Signature.IsConditional ? [.. dataset.Labels.Select(l => (int)l)] : null;
        int count = images.Length / model.ImageSize;
        void Encode(int n)
        {
            var pixels = images.AsSpan(0, n * model.ImageSize);
            _ = labels is null ? model.Encode(pixels) : model.Encode(pixels, labels.AsSpan(0, n));
        }
        Encode(Math.Min(count, 1024)); // warm-up
        var seconds = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            Encode(count);
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return new BenchPass("onnxruntime", "library", model.Provider, "encode", name, count, model.IntraOpThreads, reps,
            Math.Round(seconds.Min(), 4), Math.Round(seconds.Average(), 4), Math.Round(count / seconds.Min(), 1));
    }

    private static bool LoadMnist(string directory, out LabeledImages? images, out string? name, out string? why)
    {
        images = null;
        name = null;
        why = null;
        if (!Directory.Exists(directory))
        {
            why = $"{directory} not found";
            return false;
        }
        var train = MnistDataset.Load(directory, DatasetSplit.Train);
        var test = MnistDataset.Load(directory, DatasetSplit.Test);
        images = train with { Pixels = [.. train.Pixels, .. test.Pixels], Labels = [.. train.Labels, .. test.Labels] };
        name = $"{directory} train+test";
        return true;
    }

    private static string FormatRow(BenchResult r) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{r.Operation,-7}{r.Batch,6}  {r.Api,-17}{r.Reps,7}{r.P50Us,11:F1}{r.P95Us,11:F1}{r.MeanUs,11:F1}{r.ImagesPerS,13:N0}{(r.P50VsBare is { } v ? v.ToString("+0.0%;-0.0%", CultureInfo.InvariantCulture) : "—"),13}");

    private static double Round(double value) => Math.Round(value, 2);

    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
