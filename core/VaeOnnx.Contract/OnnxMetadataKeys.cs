namespace VaeOnnx.Contract;

/// <summary>Keys of the ONNX <c>metadata_props</c> the exporter writes, and the model-level ONNX fields.</summary>
public static class OnnxMetadataKeys
{
    /// <summary>The <see cref="VaeSignature"/> as JSON; the version in the key changes when the format does.</summary>
    public const string Signature = "vaeonnx.signature.v1";

    /// <summary>Which half of the model the file is: one of <see cref="Roles"/>.</summary>
    public const string Role = "role";

    /// <summary>Dataset name (its folder name).</summary>
    public const string Dataset = "dataset";

    /// <summary>SHA-256 over the dataset's decompressed files.</summary>
    public const string DatasetSha256 = "dataset_sha256";

    /// <summary>Epochs trained.</summary>
    public const string Epochs = "epochs";

    /// <summary>Training seed.</summary>
    public const string Seed = "seed";

    /// <summary>Final train loss per sample.</summary>
    public const string FinalTrainLoss = "final_train_loss";

    /// <summary>Final test loss per sample.</summary>
    public const string FinalTestLoss = "final_test_loss";

    /// <summary>Creation time, ISO 8601 UTC.</summary>
    public const string Created = "created";

    /// <summary>Git commit of the code that trained the model, when known.</summary>
    public const string GitCommit = "git_commit";

    /// <summary>ONNX <c>producer_name</c> of the exported files.</summary>
    public const string ProducerName = "VaeOnnx";

    /// <summary>ONNX <c>domain</c> of the exported files.</summary>
    public const string Domain = "ai.vaeonnx";

    /// <summary>Name of the symbolic batch dimension of every input and output.</summary>
    public const string BatchDimension = "N";

    /// <summary>Values of <see cref="Role"/>.</summary>
    public static class Roles
    {
        /// <summary>The encoder graph.</summary>
        public const string Encoder = "vae-encoder";

        /// <summary>The decoder graph.</summary>
        public const string Decoder = "vae-decoder";

        /// <summary>The latent classifier graph (<see cref="LatentClassifierContract"/>).</summary>
        public const string Classifier = "latent-classifier";
    }

    /// <summary>Keys that files exported before the signature carried; read only to map such files to a signature.</summary>
    public static class Legacy
    {
        /// <summary>Latent size (integer).</summary>
        public const string LatentDim = "latent_dim";

        /// <summary>Hidden layer width (integer).</summary>
        public const string HiddenDim = "hidden_dim";

        /// <summary>Input shape without batch, <c>1x28x28</c>.</summary>
        public const string InputShape = "input_shape";
    }
}
