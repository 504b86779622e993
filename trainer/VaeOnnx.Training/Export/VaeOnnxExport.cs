using Google.Protobuf;
using Onnx;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.OnnxExport;
using VaeOnnx.Training.Model;

namespace VaeOnnx.Training.Export;

/// <summary>
/// Exports a trained <see cref="Vae"/> as its two ONNX files (<see cref="ArtifactNames.Encoder"/>,
/// <see cref="ArtifactNames.Decoder"/>), each carrying the model's <see cref="VaeSignature"/>, and proves them with ONNX Runtime before they replace anything in the model folder.
/// No console or host dependencies: the caller logs the returned <see cref="ParityReport"/>.
/// </summary>
public static partial class VaeOnnxExport
{
    /// <summary>Largest absolute difference between ONNX Runtime and TorchSharp accepted by default.</summary>
    public const double DefaultTolerance = 1e-5;

    /// <summary>How many test images, and how many random latent codes, the parity check runs.</summary>
    public const int ParitySamples = 256;

    /// <summary>
    /// Builds both graphs, writes them to temporary files in <paramref name="outputDirectory"/>, runs them in ONNX
    /// Runtime against the TorchSharp forward pass (eval mode, no grad) on up to <see cref="ParitySamples"/> of
    /// <paramref name="test"/> and as many standard-normal latents drawn from <paramref name="seed"/>, and only if
    /// every output is within <paramref name="tolerance"/> renames them to <c>encoder.onnx</c>/<c>decoder.onnx</c>.
    /// Otherwise the temporaries are deleted, existing files stay untouched and <see cref="OnnxParityException"/> is thrown.
    /// The model's training flag is restored afterwards.
    /// </summary>
    /// <param name="model">The trained VAE (any device, float32).</param>
    /// <param name="outputDirectory">The model folder; created if missing.</param>
    /// <param name="info">Run details written into the metadata.</param>
    /// <param name="test">Test split (images [M, pixels] in [0,1], and labels for a conditional model).</param>
    /// <param name="seed">Seed of the generator that draws the latent codes for the decoder check.</param>
    /// <param name="tolerance">Largest absolute difference accepted.</param>
    /// <returns>The passed parity report.</returns>
    /// <exception cref="OnnxParityException">An output differed by more than the tolerance, or was NaN.</exception>
    /// <exception cref="InvalidDataException">ONNX Runtime could not load an exported file.</exception>
    public static ParityReport Export(Vae model, string outputDirectory, VaeExportInfo info, TensorDataset test, int seed, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        int pixels = model.Signature.ImageSize;
        if (test.Images.dim() != 2 || test.Count < 1 || test.Images.shape[1] != pixels || (test.Labels is null) == model.Signature.IsConditional)
        {
            throw new ArgumentException($"the test split must be [M,{pixels}] images with M >= 1{(model.Signature.IsConditional ? " and their labels" : "")}, got [{string.Join(",", test.Images.shape)}].", nameof(test));
        }

        bool wasTraining = model.training;
        model.eval();
        // Both files are written and sealed under temporary names, proven in ONNX Runtime, and only then renamed
        // into place; on failure Dispose removes the temporaries and existing files stay untouched.
        using var encoderFile = AtomicFile.Begin(Path.Combine(outputDirectory, ArtifactNames.Encoder));
        using var decoderFile = AtomicFile.Begin(Path.Combine(outputDirectory, ArtifactNames.Decoder));
        try
        {
            BuildEncoder(model, info).WriteTo(encoderFile.Stream);
            encoderFile.Seal();
            BuildDecoder(model, info).WriteTo(decoderFile.Stream);
            decoderFile.Seal();
            ParityReport report = CheckParity(model, encoderFile.TemporaryPath, decoderFile.TemporaryPath, test, seed, tolerance);
            if (!report.Passed)
            {
                throw new OnnxParityException(report, outputDirectory);
            }
            AtomicFile.CommitAll(encoderFile, decoderFile);
            return report;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// The encoder graph: image [N,C,H,W] (and int64 label [N] for a conditional model) → <c>mu</c>, <c>logvar</c>
    /// [N,latent]; names from the signature.
    /// </summary>
    public static ModelProto BuildEncoder(Vae model, VaeExportInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var signature = model.Signature;
        var names = signature.Tensors;
        OnnxDim batch = OnnxMetadataKeys.BatchDimension;
        var g = new OnnxGraphBuilder("vae_encoder");
        OnnxValue image = g.Input(names.EncoderInput, ImageDims(signature));
        OnnxValue? condition = Condition(g, signature, EncoderPrefix);
        // Training feeds flat images; the graph takes [N,C,H,W] and flattens them first, as the trainer's data does.
        OnnxValue features = g.Flatten(image, name: $"{EncoderPrefix}.flatten");
        if (model.Encoder.Features is { } layers)
        {
            features = g.Module(layers, features, $"{EncoderPrefix}.features");
        }
        if (condition is not null)
        {
            features = g.Concat([features, condition], 1, $"{EncoderPrefix}.condition");
        }
        OnnxValue hidden = g.Module(model.Encoder.Hidden, features, $"{EncoderPrefix}.hidden");
        g.Output(names.Mu, g.Module(model.Encoder.Mu, hidden, $"{EncoderPrefix}.mu"), [batch, signature.LatentDim]);
        g.Output(names.LogVar, g.Module(model.Encoder.LogVar, hidden, $"{EncoderPrefix}.logvar"), [batch, signature.LatentDim]);
        return g.Build(ModelInfo(model, info, OnnxMetadataKeys.Roles.Encoder));
    }

    /// <summary>
    /// The decoder graph: <c>z</c> [N,latent] (and int64 label [N] for a conditional model) → image [N,C,H,W], the
    /// Sigmoid of the training logits.
    /// </summary>
    public static ModelProto BuildDecoder(Vae model, VaeExportInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var signature = model.Signature;
        var names = signature.Tensors;
        var g = new OnnxGraphBuilder("vae_decoder");
        OnnxValue z = g.Input(names.DecoderInput, [OnnxMetadataKeys.BatchDimension, signature.LatentDim]);
        OnnxValue? condition = Condition(g, signature, DecoderPrefix);
        OnnxValue input = condition is null ? z : g.Concat([z, condition], 1, $"{DecoderPrefix}.condition");
        OnnxValue logits = g.Module(model.Decoder.Logits, input, $"{DecoderPrefix}.logits");
        // Training works on logits (fused BCE-with-logits); users get Bernoulli means, so the Sigmoid is added here.
        OnnxValue means = g.Sigmoid(logits, "decoder.sigmoid");
        g.Output(names.DecoderOutput, g.Reshape(means, signature.Image.WithBatch(-1), "decoder.unflatten"), ImageDims(signature));
        return g.Build(ModelInfo(model, info, OnnxMetadataKeys.Roles.Decoder));
    }

    /// <summary>The one-hot code of the graph's label input, for a conditional model; null otherwise.</summary>
    private static OnnxValue? Condition(OnnxGraphBuilder g, VaeSignature signature, string prefix)
    {
        if (!signature.IsConditional)
        {
            return null;
        }
        OnnxValue label = g.Int64Input(signature.Tensors.Label, [OnnxMetadataKeys.BatchDimension]);
        return g.OneHot(label, signature.Conditioning.Classes, $"{prefix}.one_hot");
    }

    private static OnnxDim[] ImageDims(VaeSignature signature) =>
        [OnnxMetadataKeys.BatchDimension, signature.Image.Channels, signature.Image.Height, signature.Image.Width];
}
