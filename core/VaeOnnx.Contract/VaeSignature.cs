using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaeOnnx.Contract;

/// <summary>
/// Everything a program needs to know to run a trained VAE's two ONNX graphs without TorchSharp: the architecture,
/// the image shape, the latent size, the conditioning, the tensor names and how pixels are scaled. The exporter
/// writes it as one JSON value under <see cref="OnnxMetadataKeys.Signature"/> into both files, the trainer keeps it
/// in checkpoints and in the training history, and the inference library derives every shape check from it.
/// </summary>
public sealed record VaeSignature
{
    /// <summary>The signature format this code writes (and the newest it reads).</summary>
    public const int CurrentVersion = 1;

    /// <summary>How 8-bit pixels become model inputs: divided by 255 (as torchvision's <c>ToTensor</c>).</summary>
    public const string UnitPixelScaling = "x/255";

    /// <summary>The only decoder output meaning today: per-pixel Bernoulli means in [0,1].</summary>
    public const string BernoulliMeans = "bernoulli-means";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Format version of this signature (see <see cref="CurrentVersion"/>).</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Architecture id and size parameters.</summary>
    public required ArchitectureSpec Architecture { get; init; }

    /// <summary>Shape of one image (input of the encoder, output of the decoder).</summary>
    public required ImageShape Image { get; init; }

    /// <summary>Size of the latent code z.</summary>
    public required int LatentDim { get; init; }

    /// <summary>What both graphs are conditioned on besides their main input.</summary>
    public Conditioning Conditioning { get; init; } = Conditioning.None;

    /// <summary>Names of the graphs' inputs and outputs.</summary>
    public TensorNames Tensors { get; init; } = TensorNames.Default;

    /// <summary>How 8-bit pixels map to encoder inputs (<see cref="UnitPixelScaling"/>).</summary>
    public string PixelScaling { get; init; } = UnitPixelScaling;

    /// <summary>What the decoder output means (<see cref="BernoulliMeans"/>).</summary>
    public string Output { get; init; } = BernoulliMeans;

    /// <summary>The model of the classic PyTorch example, every program's default: fully connected, 400 hidden units, 2-D z, MNIST images.</summary>
    public static VaeSignature Default { get; } = Mlp(400, 2);

    /// <summary>A fully connected, unconditional VAE.</summary>
    public static VaeSignature Mlp(int hiddenDim, int latentDim, ImageShape? image = null) => new()
    {
        Architecture = ArchitectureSpec.Mlp(hiddenDim),
        Image = image ?? ImageShape.Mnist,
        LatentDim = latentDim,
    };

    /// <summary>Values per image.</summary>
    [JsonIgnore]
    public int ImageSize => Image.Size;

    /// <summary>Whether both graphs take a label input.</summary>
    [JsonIgnore]
    public bool IsConditional => Conditioning.IsConditional;

    /// <summary>A short human-readable description, e.g. <c>mlp-400, 1x28x28 → z 2</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Architecture}, {Image} → z {LatentDim}{(IsConditional ? $", conditioned on a label of {Conditioning.Classes} classes" : "")}");

    /// <summary>Throws <see cref="SignatureException"/> unless every part describes a usable model.</summary>
    public VaeSignature Validate()
    {
        if (Version < 1 || Version > CurrentVersion)
        {
            throw new SignatureException($"signature version {Version} is not supported (this code reads 1 to {CurrentVersion}; written by a newer VaeOnnx?)");
        }
        if (Architecture is null || Image is null || Conditioning is null || Tensors is null)
        {
            throw new SignatureException("signature lacks architecture, image, conditioning or tensors");
        }
        Architecture.Validate();
        Image.Validate();
        if (LatentDim is <= 0 or > 65_536)
        {
            throw new SignatureException($"latent size {LatentDim} is not between 1 and 65536");
        }
        Conditioning.Validate();
        Tensors.Validate();
        if (PixelScaling != UnitPixelScaling)
        {
            throw new SignatureException($"pixel scaling '{PixelScaling}' is not supported (expected '{UnitPixelScaling}')");
        }
        if (Output != BernoulliMeans)
        {
            throw new SignatureException($"decoder output '{Output}' is not supported (expected '{BernoulliMeans}')");
        }
        return this;
    }

    /// <summary>The JSON form stored under <see cref="OnnxMetadataKeys.Signature"/> (compact, camelCase).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses and validates the JSON form.</summary>
    /// <exception cref="SignatureException">Not valid JSON, unknown or missing fields, or an unusable model.</exception>
    public static VaeSignature Parse(string json)
    {
        VaeSignature? signature;
        try
        {
            // The version first: a newer format may have other fields, and "written by a newer VaeOnnx" is the useful message.
            using (var document = JsonDocument.Parse(json))
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("version", out var version)
                    && version.TryGetInt32(out int number) && number > CurrentVersion)
                {
                    throw new SignatureException($"signature version {number} is not supported (this code reads 1 to {CurrentVersion}; written by a newer VaeOnnx?)");
                }
            }
            signature = JsonSerializer.Deserialize<VaeSignature>(json, Json);
        }
        catch (JsonException e)
        {
            throw new SignatureException($"signature is not valid: {FirstLine(e.Message)}", e);
        }
        return (signature ?? throw new SignatureException("signature is null")).Validate();
    }

    /// <summary>
    /// The signature of an ONNX file from its <c>metadata_props</c>: the JSON under <see cref="OnnxMetadataKeys.Signature"/>,
    /// or — for files exported before the signature existed — the equivalent signature rebuilt from the old keys
    /// (<c>latent_dim</c>, <c>hidden_dim</c>, <c>input_shape</c>; those models were all fully connected and unconditional).
    /// </summary>
    /// <exception cref="SignatureException">Neither form is present, or it is malformed.</exception>
    public static VaeSignature FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TryGetValue(OnnxMetadataKeys.Signature, out string? json))
        {
            return Parse(json);
        }
        if (!metadata.TryGetValue(OnnxMetadataKeys.Legacy.LatentDim, out string? latentText))
        {
            throw new SignatureException($"no '{OnnxMetadataKeys.Signature}' metadata (nor the older '{OnnxMetadataKeys.Legacy.LatentDim}'): not a VaeOnnx export");
        }
        int latent = LegacyPositive(OnnxMetadataKeys.Legacy.LatentDim, latentText);
        int hidden = metadata.TryGetValue(OnnxMetadataKeys.Legacy.HiddenDim, out string? hiddenText)
            ? LegacyPositive(OnnxMetadataKeys.Legacy.HiddenDim, hiddenText)
            : 0;
        var image = ImageShape.Mnist;
        if (metadata.TryGetValue(OnnxMetadataKeys.Legacy.InputShape, out string? shapeText))
        {
            image = ImageShape.TryParse(shapeText)
                ?? throw new SignatureException($"metadata '{OnnxMetadataKeys.Legacy.InputShape}' is '{shapeText}', expected CxHxW");
        }
        // Files of that time always recorded hidden_dim; an unknown width is kept as 1 only so the record validates.
        return Mlp(hidden > 0 ? hidden : 1, latent, image).Validate();
    }

    private static int LegacyPositive(string key, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new SignatureException($"metadata '{key}' is '{text}', expected a positive integer");

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}
