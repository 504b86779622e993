using System.Text;
using System.Text.Json;
using VaeOnnx.Data;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Trainer.Model;

namespace VaeOnnx.Trainer.Training;

/// <summary>
/// One self-contained file: a magic line, a JSON header (options and <see cref="TrainingState"/>), then the
/// model's TorchSharp state dict and Adam's state. Written to a temporary name and renamed into place.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "VAEONNX-CHECKPOINT-2";

    /// <summary>Default file name inside the output folder.</summary>
    public const string FileName = "checkpoint.pt";

    internal static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = false };

    /// <summary>Writes model, optimizer and state to <paramref name="path"/> atomically.</summary>
    internal static void Save(string path, TrainerOptions options, TrainingState state, Vae model, FlatAdam optimizer)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(new Header(options, state), Json));
            model.save(writer);
            optimizer.Save(writer);
        });
    }

    /// <summary>Reads the header only (options and state), e.g. to rebuild a model of the right shape.</summary>
    public static (TrainerOptions Options, TrainingState State) ReadHeader(string path)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        return (header.Options, header.State);
    }

    /// <summary>Loads weights (and the optimizer state, when given) into existing objects.</summary>
    internal static (TrainerOptions Options, TrainingState State) Load(string path, Vae model, FlatAdam? optimizer)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        try
        {
            model.load(reader);
            optimizer?.Load(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException($"{path}: weights do not match a {header.Options.HiddenDim}-{header.Options.LatentDim} VAE or are damaged ({e.Message})");
        }
        return (header.Options, header.State);
    }

    private static BinaryReader Open(string path)
    {
        try
        {
            return new BinaryReader(File.OpenRead(path), Encoding.UTF8, leaveOpen: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: cannot read checkpoint ({(e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message)})");
        }
    }

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new CheckpointException($"{path}: not a VaeOnnx checkpoint");
            }
            return JsonSerializer.Deserialize<Header>(reader.ReadString(), Json)
                ?? throw new CheckpointException($"{path}: empty checkpoint header");
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or IOException)
        {
            throw new CheckpointException($"{path}: not a VaeOnnx checkpoint or truncated ({e.GetType().Name})");
        }
    }

    private sealed record Header(TrainerOptions Options, TrainingState State);
}

/// <summary>A checkpoint cannot be read; the message names the file.</summary>
public sealed class CheckpointException(string message) : Exception(message);
