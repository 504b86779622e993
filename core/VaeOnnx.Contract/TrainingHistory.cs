using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>
/// <c>training-history.json</c>: what a training run was, where it ran, and its losses per epoch. The trainer writes
/// it after every epoch (outcome <see cref="Outcomes.Running"/>, then completed or interrupted); the evaluation
/// reads it through these same records. <see cref="SchemaVersion"/> 1 is the format written before the field existed
/// (no signature; its <c>options</c> object is ignored), 2 is the current one.
/// </summary>
public sealed record TrainingHistory
{
    /// <summary>The schema this code writes (and the newest it reads).</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>Options of the JSON form: camelCase, indented, NaN and ∞ written as strings.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Values of <see cref="Outcome"/>.</summary>
    public static class Outcomes
    {
        /// <summary>Training is under way (the file is rewritten after every epoch).</summary>
        public const string Running = "running";

        /// <summary>All epochs are done.</summary>
        public const string Completed = "completed";

        /// <summary>Stopped by Ctrl+C or SIGTERM; a checkpoint holds the state to resume from.</summary>
        public const string Interrupted = "interrupted";
    }

    /// <summary>Format of this file (see the class remarks); 1 when the file does not say.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The model that was trained (null in schema 1).</summary>
    public VaeSignature? Signature { get; init; }

    /// <summary>How it was trained (null in schema 1).</summary>
    public TrainingSettings? Training { get; init; }

    /// <summary>Where it ran.</summary>
    public RunEnvironment? Environment { get; init; }

    /// <summary>What it was trained on.</summary>
    public DatasetRecord? Dataset { get; init; }

    /// <summary>Completed epochs, oldest first.</summary>
    public IReadOnlyList<EpochRecord> Epochs { get; init; } = [];

    /// <summary>One of <see cref="Outcomes"/>.</summary>
    public string Outcome { get; init; } = Outcomes.Running;

    /// <summary>Wall-clock seconds of the run so far.</summary>
    public double WallSeconds { get; init; }

    /// <summary>How the exported ONNX files compared with TorchSharp (null until exported).</summary>
    public ParityReport? OnnxParity { get; init; }

    /// <summary>The latent classifier fitted after the VAE (null when none was).</summary>
    public ClassifierRecord? Classifier { get; init; }

    /// <summary>The JSON form.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses the JSON form; <paramref name="name"/> is used in the message of a failure.</summary>
    /// <exception cref="FormatException">Not valid JSON, not a history, or written by a newer schema; one-line message.</exception>
    public static TrainingHistory Parse(string json, string name = ArtifactNames.History)
    {
        TrainingHistory? history;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{name}: expected a JSON object");
            }
            // Schema 1 had no version field; the property default would read it as the current schema.
            bool versioned = document.RootElement.TryGetProperty("schemaVersion", out _);
            history = document.RootElement.Deserialize<TrainingHistory>(Json);
            if (history is not null && !versioned)
            {
                history = history with { SchemaVersion = 1 };
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"{name}: not a training history ({FirstLine(e.Message)})", e);
        }
        if (history is null)
        {
            throw new FormatException($"{name}: empty");
        }
        if (history.SchemaVersion is < 1 or > CurrentSchemaVersion)
        {
            throw new FormatException($"{name}: schema version {history.SchemaVersion} is not supported (this code reads 1 to {CurrentSchemaVersion})");
        }
        return history;
    }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The content is not a history.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static TrainingHistory Load(string path) => Parse(File.ReadAllText(path), path);

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}

/// <summary>How a model is trained: everything that changes the numbers besides the signature and the machine.</summary>
public sealed record TrainingSettings
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Images per optimisation step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of initialisation, shuffling and sampling noise.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Weight β of the KL term in the training objective BCE + β·KL (1: the plain VAE). The recorded losses stay
    /// BCE + KL, the negative ELBO, so that models trained with different β compare.
    /// </summary>
    public double Beta { get; init; } = 1;

    /// <summary>Arithmetic of the training step's matrix products (histories and checkpoints before it: float32).</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Float32;

    /// <summary>Folder of the MNIST-layout dataset trained on.</summary>
    public string Data { get; init; } = "data/mnist";

    /// <summary>Only the first N training images (0: all).</summary>
    public int TrainLimit { get; init; }

    /// <summary>Only the first N test images (0: all).</summary>
    public int TestLimit { get; init; }
}

/// <summary>Where a run happened.</summary>
/// <param name="Machine">Host name.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="Cores">Logical processors of the machine.</param>
/// <param name="Threads">CPU threads libtorch trained with.</param>
/// <param name="Device">Where training ran: cpu or cuda.</param>
/// <param name="DotNet">.NET runtime version.</param>
/// <param name="TorchSharp">TorchSharp version.</param>
/// <param name="GitCommit">Commit of the trainer's source, when built from a Git checkout.</param>
public sealed record RunEnvironment(
    string Machine, string Os, int Cores, int Threads, string Device, string DotNet, string TorchSharp, string? GitCommit)
{
    /// <summary>
    /// How libtorch's MKL chose its matrix-product kernels (on AMD CPUs: by CPU features, or its generic path), which
    /// decides the rounding of the products; null in histories written before it was recorded.
    /// </summary>
    public string? Blas { get; init; }
}

/// <summary>What a run was trained on.</summary>
/// <param name="Path">The dataset folder as given.</param>
/// <param name="Name">Its folder name (e.g. <c>mnist</c>).</param>
/// <param name="Sha256">SHA-256 over the four decompressed files.</param>
/// <param name="TrainImages">Training images used.</param>
/// <param name="TestImages">Test images used.</param>
public sealed record DatasetRecord(string Path, string Name, string Sha256, int TrainImages, int TestImages);

/// <summary>Loss per sample over one pass: total = BCE + KLD (the negative ELBO, whatever β training used).</summary>
public sealed record LossTerms(double Loss, double Bce, double Kld);

/// <summary>One epoch of the history.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Train">Mean losses over the epoch's training steps.</param>
/// <param name="Test">Losses on the test split after the epoch (z sampled with a fixed-seed generator).</param>
/// <param name="Seconds">Training seconds of the epoch (without the test pass).</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
/// <param name="ResidentMiB">Resident memory of the process at the end of the epoch, so that growth is visible.</param>
public sealed record EpochRecord(int Epoch, LossTerms Train, LossTerms Test, double Seconds, double ImagesPerSecond, double ResidentMiB);

/// <summary>The latent classifier (<c>classifier.onnx</c>) the trainer fitted on the training μ.</summary>
/// <param name="Hidden">Widths of its hidden layers, e.g. <c>64,64</c>.</param>
/// <param name="Epochs">Passes over the training μ.</param>
/// <param name="TrainAccuracy">Accuracy on the training μ.</param>
/// <param name="TestAccuracy">Accuracy on the test μ.</param>
/// <param name="Parity">Its ONNX file against TorchSharp (null before export).</param>
public sealed record ClassifierRecord(string Hidden, int Epochs, double TrainAccuracy, double TestAccuracy, ParityReport? Parity);

/// <summary>How one ONNX output compared with the TorchSharp forward pass.</summary>
/// <param name="Model">"encoder" or "decoder".</param>
/// <param name="Output">The ONNX output name.</param>
/// <param name="Samples">Rows compared.</param>
/// <param name="MaxAbsDiff">Largest absolute difference; NaN when either side produced NaN.</param>
public sealed record OutputParity(string Model, string Output, int Samples, double MaxAbsDiff);

/// <summary>The check of exported ONNX files against TorchSharp in ONNX Runtime.</summary>
/// <param name="Outputs">One entry per ONNX output.</param>
/// <param name="Tolerance">Largest absolute difference allowed.</param>
/// <param name="Passed">Whether every output stayed within the tolerance (NaN never passes).</param>
/// <param name="OnnxRuntimeVersion">Version of the ONNX Runtime that ran the files.</param>
public sealed record ParityReport(IReadOnlyList<OutputParity> Outputs, double Tolerance, bool Passed, string OnnxRuntimeVersion)
{
    /// <summary>One line for logs and messages.</summary>
    public string Describe() => string.Join("; ", Outputs.Select(o =>
        FormattableString.Invariant($"{o.Model}/{o.Output} max |diff| {o.MaxAbsDiff:G3} over {o.Samples} samples")))
        + FormattableString.Invariant($" (tolerance {Tolerance:G3}, ONNX Runtime {OnnxRuntimeVersion})");
}
