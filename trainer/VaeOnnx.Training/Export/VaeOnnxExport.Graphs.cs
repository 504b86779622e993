using System.Globalization;
using VaeOnnx.Contract;
using VaeOnnx.OnnxExport;
using VaeOnnx.Training.Model;

namespace VaeOnnx.Training.Export;

// Names and metadata of the exported graphs.
public static partial class VaeOnnxExport
{
    // Module paths used for node and initializer names (encoder.hidden.fc.weight, decoder.logits.out.bias, ...):
    // the same keys as the model's state dict, so every initializer traces to its TorchSharp parameter.
    private const string EncoderPrefix = "encoder";
    private const string DecoderPrefix = "decoder";

    private static OnnxModelInfo ModelInfo(Vae model, VaeExportInfo info, string role)
    {
        var signature = model.Signature;
        var names = signature.Tensors;
        string image = $"[N,{signature.Image.Channels},{signature.Image.Height},{signature.Image.Width}]";
        string doc = role == OnnxMetadataKeys.Roles.Encoder
            ? $"VAE encoder ({signature.Describe()}): {names.EncoderInput} {image} in [0,1] -> {names.Mu}, {names.LogVar} [N,{signature.LatentDim}]. Trained on {info.Dataset}."
            : $"VAE decoder ({signature.Describe()}): {names.DecoderInput} [N,{signature.LatentDim}] -> {names.DecoderOutput} {image}, Bernoulli means. Trained on {info.Dataset}.";
        return ModelInfo(signature, info, role, doc, new Dictionary<string, string>());
    }

    /// <summary>The model-level fields every exported file carries: role, the VAE's signature, the run's facts.</summary>
    private static OnnxModelInfo ModelInfo(VaeSignature signature, VaeExportInfo info, string role, string doc,
        IReadOnlyDictionary<string, string> extra)
    {
        var metadata = new Dictionary<string, string>
        {
            [OnnxMetadataKeys.Role] = role,
            [OnnxMetadataKeys.Signature] = signature.ToJson(),
            [OnnxMetadataKeys.Dataset] = info.Dataset,
            [OnnxMetadataKeys.DatasetSha256] = info.DatasetSha256,
            [OnnxMetadataKeys.Epochs] = Invariant(info.Epochs),
            [OnnxMetadataKeys.Seed] = Invariant(info.Seed),
            [OnnxMetadataKeys.FinalTrainLoss] = info.FinalTrainLoss.ToString("R", CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.FinalTestLoss] = info.FinalTestLoss.ToString("R", CultureInfo.InvariantCulture),
            [OnnxMetadataKeys.Created] = info.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(info.GitCommit))
        {
            metadata[OnnxMetadataKeys.GitCommit] = info.GitCommit;
        }
        foreach (var (key, value) in extra)
        {
            metadata[key] = value;
        }
        return new OnnxModelInfo
        {
            ProducerName = OnnxMetadataKeys.ProducerName,
            ProducerVersion = info.ProducerVersion ?? OnnxModelInfo.ReadVersion(typeof(VaeOnnxExport).Assembly),
            Domain = OnnxMetadataKeys.Domain,
            ModelVersion = info.ModelVersion,
            DocString = doc,
            Metadata = metadata,
        };
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
