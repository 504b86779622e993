using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Benchmarks.Zoo;

/// <summary>What <c>vae-bench zoo</c> is told.</summary>
/// <param name="Members">Names of the members to run (all when empty).</param>
/// <param name="Epochs">Training epochs of every member.</param>
/// <param name="Data">The dataset.</param>
/// <param name="ModelsRoot">models/zoo: one folder per member.</param>
/// <param name="ReportsRoot">reports/zoo: one folder per member, and the side-by-side page.</param>
/// <param name="Trainer">vae-train.dll.</param>
/// <param name="Evaluator">vae-evaluate.dll.</param>
/// <param name="Vae">vae.dll (its bench times the decoder).</param>
/// <param name="TrainLimit">Train on the first N images (0: all) — for a quick check of the whole loop.</param>
/// <param name="Threads">Threads of the calibration, the trainer and the evaluation (0: all cores; 1 is faster on a busy machine).</param>
/// <param name="EvaluatorArguments">Extra vae-evaluate switches for every member (e.g. <c>--classifier mlp</c> for a quick run).</param>
internal sealed record ZooSettings(IReadOnlyList<string> Members, int Epochs, string Data, string ModelsRoot, string ReportsRoot,
    string Trainer, string Evaluator, string Vae, int TrainLimit, int Threads = 0, IReadOnlyList<string>? EvaluatorArguments = null);

/// <summary>
/// Trains and evaluates each member of the family into its own folders (skipping members whose model and report
/// already exist for the same settings), times its decoder, and writes <c>zoo.json</c> with one row per member; the
/// evaluation's <c>compare</c> then draws the side-by-side page. The expected total is printed first, from a short
/// calibration of each member's training step on this machine.
/// </summary>
internal static class ZooRun
{
    public static int Execute(ZooSettings settings, TextWriter output)
    {
        var members = Select(settings.Members);
        // Each member takes minutes and the side-by-side page comes last: unusable roots fail before the first.
        AtomicFile.ProbeFolder(settings.ModelsRoot, "--models-root");
        AtomicFile.ProbeFolder(settings.ReportsRoot, "--reports-root");
        var train = MnistDataset.Load(settings.Data, DatasetSplit.Train);
        if (settings.TrainLimit > 0)
        {
            train = train.Take(settings.TrainLimit);
        }
        NativeSetup.Configure(settings.Threads);
        string[] threads = settings.Threads > 0 ? ["--threads", Invariant(settings.Threads)] : [];
        var estimates = members.ToDictionary(m => m.Name, m => EstimateSeconds(m, train, settings.Epochs));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"zoo: {members.Count} members × {settings.Epochs} epochs on {train.Count:N0} images, {Environment.ProcessorCount} cores; expected ≈ {Minutes(estimates.Values.Sum())} in all"));
        foreach (var m in members)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {m.Name,-12} {m.Signature.Describe(),-40} ≈ {Minutes(estimates[m.Name])}"));
        }

        var rows = new List<ZooRow>();
        var clock = Stopwatch.StartNew();
        double remaining = estimates.Values.Sum();
        for (int i = 0; i < members.Count; i++)
        {
            var member = members[i];
            string models = Path.Combine(settings.ModelsRoot, member.Name);
            string reports = Path.Combine(settings.ReportsRoot, member.Name);
            string bench = Path.Combine(reports, "decode-bench.json");
            string prefix = $"[{i + 1}/{members.Count}] {member.Name}";
            if (UpToDate(member, settings, models, reports, bench))
            {
                output.WriteLine($"{prefix}: model and report exist for these settings, not retrained");
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{prefix}: training and evaluating, expected {Minutes(estimates[member.Name])} (all remaining ≈ {Minutes(remaining)}, done ≈ {DateTime.Now.AddSeconds(remaining):HH:mm})"));
                var started = clock.Elapsed;
                ProcessTimer.Run(settings.Trainer, [.. member.TrainArguments(), "--epochs", Invariant(settings.Epochs), "--data", settings.Data,
                    "--out", models, .. threads, .. settings.TrainLimit > 0 ? new[] { "--train-limit", Invariant(settings.TrainLimit) } : []],
                    line => output.WriteLine($"  {member.Name}: {line}"));
                ProcessTimer.Run(settings.Evaluator, ["--models", models, "--data", settings.Data, "--out", reports, .. threads, .. settings.EvaluatorArguments ?? []]);
                // Medians of at least 50 runs and 0.5 s per case: steady enough to rank members, seconds instead of the
                // half minute the defaults (200 runs of each batch-1024 case) take.
                ProcessTimer.Run(settings.Vae, ["bench", "--models", models, "--batch", "1,1024", "--no-mnist", "--min-reps", "50", "--min-time", "0.5", "--json", bench]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}: done in {Minutes((clock.Elapsed - started).TotalSeconds)}"));
            }
            remaining -= estimates[member.Name];
            rows.Add(Row(member, models, reports, bench));
        }
        AtomicFile.WriteAllText(Path.Combine(settings.ReportsRoot, ArtifactNames.ZooSummary), ZooRow.ToJson(rows));
        ProcessTimer.Run(settings.Evaluator, ["compare", "--zoo", settings.ReportsRoot, "--models-root", settings.ModelsRoot, "--data", settings.Data, .. threads],
            output.WriteLine);
        output.WriteLine($"zoo: {rows.Count} members in {Minutes(clock.Elapsed.TotalSeconds)}; page at {Path.Combine(settings.ReportsRoot, "index.html")}");
        return 0;
    }

    private static IReadOnlyList<ZooMember> Select(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return ZooMember.All;
        }
        var unknown = names.Where(n => ZooMember.All.All(m => m.Name != n)).ToArray();
        return unknown.Length > 0
            ? throw new VaeOnnx.CommandLine.UsageException($"--members: unknown {string.Join(", ", unknown)} (known: {string.Join(", ", ZooMember.All.Select(m => m.Name))})")
            : [.. ZooMember.All.Where(m => names.Contains(m.Name))];
    }

    /// <summary>Seconds for the member's training from 30 timed steps of the trainer's own step, plus evaluation and export.</summary>
    private static double EstimateSeconds(ZooMember member, LabeledImages train, int epochs)
    {
        const int Warmup = 5, Timed = 30, Batch = 128, OverheadSeconds = 25;
        manual_seed(1);
        using var model = new Vae(member.Signature);
        using var optimizer = new FlatAdam(model.parameters(), 1e-3);
        var step = new TrainingStep(model, optimizer, member.Beta);
        var images = train.Take(Batch * (Warmup + Timed));
        using var data = TensorDataset.From(images, CPU, withLabels: member.Signature.IsConditional);
        using var generator = new Generator(1);
        var clock = new Stopwatch();
        for (int s = 0; s < Warmup + Timed; s++)
        {
            if (s == Warmup)
            {
                clock.Start();
            }
            // Around again when --train-limit leaves fewer images than the calibration's steps take.
            using var indices = arange(s * Batch, (s + 1) * Batch, ScalarType.Int64).remainder_(images.Count);
            step.Run(data, indices, generator);
        }
        double perStep = clock.Elapsed.TotalSeconds / Timed;
        return (perStep * Math.Ceiling(train.Count / (double)Batch) * epochs) + OverheadSeconds;
    }

    /// <summary>Whether the member's model and report exist and the model was trained with these settings.</summary>
    private static bool UpToDate(ZooMember member, ZooSettings settings, string models, string reports, string bench)
    {
        string history = Path.Combine(models, ArtifactNames.History);
        if (!File.Exists(history) || !File.Exists(Path.Combine(reports, ArtifactNames.Metrics)) || !File.Exists(bench))
        {
            return false;
        }
        try
        {
            var h = TrainingHistory.Load(history);
            return h.Outcome == TrainingHistory.Outcomes.Completed && h.Signature == member.Signature && h.Training is { } t
                && t.Epochs == settings.Epochs && t.Beta == member.Beta && t.TrainLimit == settings.TrainLimit
                && File.GetLastWriteTimeUtc(Path.Combine(reports, ArtifactNames.Metrics)) >= File.GetLastWriteTimeUtc(history);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static ZooRow Row(ZooMember member, string models, string reports, string bench)
    {
        var history = TrainingHistory.Load(Path.Combine(models, ArtifactNames.History));
        var last = history.Epochs[^1];
        long parameters;
        using (var model = new Vae(member.Signature))
        {
            parameters = model.parameters().Sum(p => p.numel());
        }
        return new ZooRow
        {
            Name = member.Name,
            Model = member.Signature.Describe(),
            Beta = member.Beta,
            Parameters = parameters,
            OnnxBytes = new FileInfo(Path.Combine(models, ArtifactNames.Encoder)).Length + new FileInfo(Path.Combine(models, ArtifactNames.Decoder)).Length,
            Epochs = history.Epochs.Count,
            TrainSecondsPerEpoch = Quantiles.Linear([.. history.Epochs.Select(e => e.Seconds).Order()], 0.5),
            TrainSeconds = history.Epochs.Sum(e => e.Seconds),
            TrainLoss = last.Train.Loss,
            TestLoss = last.Test.Loss,
            TestBce = last.Test.Bce,
            TestKld = last.Test.Kld,
        }
        .WithMetrics(JsonNode.Parse(File.ReadAllText(Path.Combine(reports, ArtifactNames.Metrics))))
        .WithDecodeBench(JsonNode.Parse(File.ReadAllText(bench)));
    }

    private static string Minutes(double seconds) =>
        seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s") : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F1} min");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
