using System.Text.Json;
using System.Text.Json.Serialization;
using VaeOnnx.Contract;

namespace VaeOnnx.Cli.Bench;

/// <summary>
/// The JSON written by <c>vae bench</c> (schema <see cref="Schema"/>). Each latency case and each whole-dataset
/// pass names its <c>engine</c> and <c>api</c>, so other engines (e.g. <c>"torchsharp"</c>/<c>"eager"</c> from the
/// trainer-side benchmark) can add rows of the same shape to <c>results</c> and <c>passes</c>.
/// </summary>
internal sealed record BenchReport(
    string Schema,
    string Tool,
    DateTimeOffset CreatedUtc,
    BenchMachine Machine,
    BenchModel Model,
    BenchSettingsJson Settings,
    List<string> Notes,
    List<BenchResult> Results,
    List<BenchPass> Passes)
{
    public const string Schema1 = "vaeonnx-bench/1";

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

internal sealed record BenchMachine(string Os, int LogicalCores, string Dotnet, string Onnxruntime, string? LoadAverageStart, string? LoadAverageEnd,
    BenchGc Gc);

/// <summary>Garbage-collector settings of the benchmarking process (they change the cost of allocating outputs).</summary>
internal sealed record BenchGc(bool Server, bool Concurrent, long? LohThresholdBytes);

internal sealed record BenchModel(string Directory, VaeSignature Signature);

internal sealed record BenchSettingsJson(int Threads, int[] Batches, int MinReps, double MinSeconds, double MaxSeconds, int WarmupReps, int MaxBatch);

/// <summary>One latency case. <c>api</c>: <c>bare</c> (InferenceSession.Run on preallocated OrtValues, the input written
/// into them each call), <c>library</c> (VaeModel, allocating its output), <c>library-prealloc</c> (VaeModel into
/// caller buffers), <c>bare-same-input</c> (bare on input never rewritten), <c>bare-new-arrays</c> (bare, its outputs
/// copied into new arrays: the floor for <c>library</c>).</summary>
internal sealed record BenchResult(
    string Engine,
    string Api,
    string Provider,
    string Operation,
    int Batch,
    int Threads,
    int Reps,
    double P50Us,
    double P95Us,
    double MeanUs,
    double MinUs,
    double ImagesPerS,
    double? P50VsBare,
    double? MeanVsBare);

/// <summary>A whole-dataset pass (e.g. all 70k MNIST images through the encoder).</summary>
internal sealed record BenchPass(
    string Engine,
    string Api,
    string Provider,
    string Operation,
    string Dataset,
    int Images,
    int Threads,
    int Reps,
    double BestSeconds,
    double MeanSeconds,
    double ImagesPerS);
