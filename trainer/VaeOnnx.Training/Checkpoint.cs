using System.Globalization;
using System.Text;
using System.Text.Json;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Training.Model;

namespace VaeOnnx.Training;

/// <summary>
/// One self-contained file: a magic line naming the format version, a JSON header (<see cref="CheckpointHeader"/>:
/// the model's signature, the training settings and where the run stands), then the model's TorchSharp state dict
/// and the optimizer's state. Written through <see cref="AtomicFile"/>.
/// </summary>
public static class Checkpoint
{
    /// <summary>The format this code writes and reads.</summary>
    public const int FormatVersion = 3;

    private const string MagicPrefix = "VAEONNX-CHECKPOINT-";
    private static readonly string Magic = MagicPrefix + FormatVersion.ToString(CultureInfo.InvariantCulture);
    private static readonly JsonSerializerOptions Json = new(TrainingHistory.Json) { WriteIndented = false };

    /// <summary>Writes model, optimizer and header to <paramref name="path"/> atomically.</summary>
    internal static void Save(string path, CheckpointHeader header, Vae model, FlatAdam optimizer)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(header, Json));
            model.save(writer);
            optimizer.Save(writer);
        });
    }

    /// <summary>Reads the header only, e.g. to build a model of the right shape before loading the weights.</summary>
    /// <exception cref="CheckpointException">Missing, unreadable, of another format version, or damaged.</exception>
    public static CheckpointHeader ReadHeader(string path)
    {
        using var reader = Open(path);
        return ReadHeader(reader, path);
    }

    /// <summary>
    /// Loads weights (and the optimizer state, when given) into existing objects, after checking that the checkpoint
    /// is of <paramref name="model"/>'s signature.
    /// </summary>
    /// <exception cref="CheckpointException">Another model, another format, or damaged.</exception>
    internal static CheckpointHeader Load(string path, Vae model, FlatAdam? optimizer)
    {
        using var reader = Open(path);
        var header = ReadHeader(reader, path);
        if (header.Signature != model.Signature)
        {
            throw new CheckpointException(path, $"holds a {header.Signature.Describe()} model, not the {model.Signature.Describe()} asked for");
        }
        try
        {
            model.load(reader);
            optimizer?.Load(reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            throw new CheckpointException(path, $"weights do not match a {header.Signature.Describe()} model or are damaged ({e.Message})", e);
        }
        return header;
    }

    private static BinaryReader Open(string path)
    {
        try
        {
            return new BinaryReader(File.OpenRead(path), Encoding.UTF8, leaveOpen: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"cannot read checkpoint ({(e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message)})", e);
        }
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
            {
                throw new CheckpointException(path, magic.StartsWith(MagicPrefix, StringComparison.Ordinal)
                    ? $"checkpoint format {magic[MagicPrefix.Length..]}, this version of vae-train reads format {FormatVersion} (train again, or use the version that wrote it)"
                    : "not a VaeOnnx checkpoint");
            }
            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), Json)
                ?? throw new CheckpointException(path, "empty checkpoint header");
            header.Signature.Validate();
            return header;
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or FormatException or IOException)
        {
            throw new CheckpointException(path, $"not a VaeOnnx checkpoint or truncated ({e.GetType().Name})", e);
        }
    }
}

/// <summary>What a checkpoint says besides the weights.</summary>
/// <param name="Signature">The model.</param>
/// <param name="Training">How it is trained (the epoch count of a resumed run may be raised).</param>
/// <param name="State">Where the run stands.</param>
public sealed record CheckpointHeader(VaeSignature Signature, TrainingSettings Training, TrainingState State);

/// <summary>A checkpoint cannot be used; the message names the file.</summary>
public sealed class CheckpointException : DataFileException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointException(string path, string fault)
        : base(path, fault)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/> with its cause.</summary>
    public CheckpointException(string path, string fault, Exception inner)
        : base(path, fault, inner)
    {
    }
}
