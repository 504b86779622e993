using System.Globalization;
using VaeOnnx.Data;
using VaeOnnx.Inference.Models;
using VaeOnnx.OnnxExport;
using VaeOnnx.Trainer.Model;

namespace VaeOnnx.Trainer.Export;

// Names and metadata of the exported graphs.
public static partial class VaeOnnxExport
{
    // Module paths used for node and initializer names (encoder.hidden.fc.weight, decoder.logits.out.bias, ...):
    // the same keys as the model's state dict, so every initializer traces to its TorchSharp parameter.
    private const string EncoderPrefix = "encoder";
    private const string DecoderPrefix = "decoder";

    private static OnnxModelInfo ModelInfo(Vae model, VaeExportInfo info, string role)
    {
        bool encoder = role == VaeContract.Roles.Encoder;
        string architecture = $"fc {VaeContract.ImageSize}-{model.HiddenSize}-{model.LatentSize}";
        var metadata = new Dictionary<string, string>
        {
            [VaeContract.Keys.Role] = role,
            [VaeContract.Keys.Architecture] = architecture,
            [VaeContract.Keys.LatentDim] = Invariant(model.LatentSize),
            [VaeContract.Keys.HiddenDim] = Invariant(model.HiddenSize),
            [VaeContract.Keys.InputShape] = string.Join("x", VaeContract.ImageShape.ToArray()),
            [VaeContract.Keys.PixelScaling] = PixelScaling.Description,
            [VaeContract.Keys.OutputMeaning] = encoder
                ? "mu and logvar of the diagonal Gaussian posterior q(z|x)"
                : "Bernoulli means in [0,1] per pixel",
            [VaeContract.Keys.Dataset] = info.Dataset,
            [VaeContract.Keys.DatasetSha256] = info.DatasetSha256,
            [VaeContract.Keys.Epochs] = Invariant(info.Epochs),
            [VaeContract.Keys.Seed] = Invariant(info.Seed),
            [VaeContract.Keys.FinalTrainLoss] = info.FinalTrainLoss.ToString("R", CultureInfo.InvariantCulture),
            [VaeContract.Keys.FinalTestLoss] = info.FinalTestLoss.ToString("R", CultureInfo.InvariantCulture),
            [VaeContract.Keys.Created] = info.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrWhiteSpace(info.GitCommit))
        {
            metadata[VaeContract.Keys.GitCommit] = info.GitCommit;
        }
        string doc = encoder
            ? $"VAE encoder ({architecture}): image [N,1,28,28] in [0,1] -> mu, logvar [N,{model.LatentSize}]. Trained on {info.Dataset}."
            : $"VAE decoder ({architecture}): z [N,{model.LatentSize}] -> image [N,1,28,28], Bernoulli means. Trained on {info.Dataset}.";
        return new OnnxModelInfo
        {
            ProducerName = VaeContract.ProducerName,
            ProducerVersion = info.ProducerVersion ?? OnnxModelInfo.ReadVersion(typeof(VaeOnnxExport).Assembly),
            Domain = VaeContract.Domain,
            ModelVersion = info.ModelVersion,
            DocString = doc,
            Metadata = metadata,
        };
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
