namespace VaeOnnx.Inference.Models;

/// <summary>
/// The interface between the trainer's ONNX export and everything that reads the files: file names, tensor
/// names and shapes, and the <c>metadata_props</c> keys. Both sides use these constants, so they cannot drift.
/// </summary>
public static class VaeContract
{
    /// <summary>File name of the encoder graph inside a model folder.</summary>
    public const string EncoderFile = "encoder.onnx";

    /// <summary>File name of the decoder graph inside a model folder.</summary>
    public const string DecoderFile = "decoder.onnx";

    /// <summary>File name of the training history inside a model folder.</summary>
    public const string HistoryFile = "training-history.json";

    /// <summary>Encoder input: float32 [N,1,28,28], pixels in [0,1].</summary>
    public const string EncoderInput = "image";

    /// <summary>Encoder output: posterior mean, float32 [N,latent].</summary>
    public const string EncoderMu = "mu";

    /// <summary>Encoder output: posterior log-variance, float32 [N,latent].</summary>
    public const string EncoderLogVar = "logvar";

    /// <summary>Decoder input: latent codes, float32 [N,latent].</summary>
    public const string DecoderInput = "z";

    /// <summary>Decoder output: Bernoulli means in [0,1], float32 [N,1,28,28].</summary>
    public const string DecoderOutput = "image";

    /// <summary>Symbolic batch dimension name.</summary>
    public const string BatchDimension = "N";

    /// <summary>Image shape after the batch dimension.</summary>
    public static ReadOnlySpan<int> ImageShape => [1, 28, 28];

    /// <summary>Values per image (1×28×28).</summary>
    public const int ImageSize = 784;

    /// <summary>ONNX <c>producer_name</c> written by the exporter.</summary>
    public const string ProducerName = "VaeOnnx";

    /// <summary>ONNX <c>domain</c> of the exported models.</summary>
    public const string Domain = "ai.vaeonnx";

    /// <summary>Keys of <c>metadata_props</c>.</summary>
    public static class Keys
    {
        /// <summary>"vae-encoder" or "vae-decoder".</summary>
        public const string Role = "role";
        /// <summary>Human-readable architecture, e.g. "fc 784-400-2".</summary>
        public const string Architecture = "architecture";
        /// <summary>Latent dimension (integer).</summary>
        public const string LatentDim = "latent_dim";
        /// <summary>Hidden layer width (integer).</summary>
        public const string HiddenDim = "hidden_dim";
        /// <summary>Input shape without batch, "1x28x28".</summary>
        public const string InputShape = "input_shape";
        /// <summary>Pixel scaling applied to 8-bit input, "x/255".</summary>
        public const string PixelScaling = "pixel_scaling";
        /// <summary>What the output means.</summary>
        public const string OutputMeaning = "output_meaning";
        /// <summary>Dataset name (folder name).</summary>
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
    }

    /// <summary>Values of <see cref="Keys.Role"/>.</summary>
    public static class Roles
    {
        /// <summary>The encoder graph.</summary>
        public const string Encoder = "vae-encoder";
        /// <summary>The decoder graph.</summary>
        public const string Decoder = "vae-decoder";
    }
}
