using System.ComponentModel;
using System.Text.Json;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// The JSON bodies of the API as types, for the OpenAPI document only (<c>/openapi/v1.json</c>; the handlers read and
/// write JSON directly, see <see cref="VaeApi"/>). Names are the document's schema names.
/// </summary>
internal static class ApiSchemas
{
    private const string RowsNote = " One row may also be sent as a flat array (the answer then still uses batch form).";

    /// <summary><c>GET /healthz</c>.</summary>
    internal sealed record Health([property: Description("Always \"ok\" while the server runs.")] string Status);

    /// <summary><c>GET /v1/model</c>.</summary>
    internal sealed record ModelInfo(
        [property: Description("Size of the latent code z.")] int LatentDim,
        [property: Description("Architecture, e.g. \"mlp-400\".")] string Architecture,
        [property: Description("Dataset the model was trained on (metadata), or null.")] string? Dataset,
        [property: Description("Execution provider in use: CPU or CUDA.")] string Provider,
        [property: Description("ONNX Runtime intra-op threads per session.")] int IntraOpThreads,
        [property: Description("Version of the native ONNX Runtime.")] string OnnxRuntime,
        [property: Description("Whether concurrent decodes are merged (--micro-batch).")] bool MicroBatching,
        [property: Description("Shape of one image in the JSON answers: [H, W] for grey images, [C, H, W] otherwise.")] int[] ImageShape,
        [property: Description("Classes of the label a conditional model takes; 0 for an unconditional one.")] int Classes,
        [property: Description("The model's VaeSignature (architecture, image, latentDim, conditioning, tensors, pixelScaling, output).")] JsonElement Signature,
        Limits Limits,
        LatentsSummary Latents,
        [property: Description("The latent classifier behind POST /v1/classify, or null when the model folder has no classifier.onnx.")] ClassifierInfo? Classifier,
        [property: Description("The decoder's metadata_props.")] Dictionary<string, string> Metadata,
        [property: Description("The encoder's metadata_props.")] Dictionary<string, string> EncoderMetadata);

    /// <summary>The request limits of <see cref="ModelInfo"/>.</summary>
    internal sealed record Limits(
        [property: Description("Most codes, images, samples or steps in one request (413 above).")] int MaxBatch,
        [property: Description("Largest request body in bytes (413 above).")] long MaxBodyBytes);

    /// <summary>What <see cref="ModelInfo"/> says about the latent classifier.</summary>
    internal sealed record ClassifierInfo(
        [property: Description("The file, in the model folder: \"classifier.onnx\".")] string File,
        [property: Description("Classes K: probabilities per row of a /v1/classify answer.")] int Classes,
        [property: Description("Widths of the hidden layers as the file records them (e.g. \"64,64\"), or null.")] string? Hidden);

    /// <summary>What <see cref="ModelInfo"/> says about the map's points.</summary>
    internal sealed record LatentsSummary(string? Source, int Count, int Total);

    /// <summary><c>GET /v1/latents</c>.</summary>
    internal sealed record Latents(
        [property: Description("Where the points came from; null when there are none.")] string? Source,
        [property: Description("Points available before subsampling.")] int Total,
        [property: Description("Points sent.")] int Count,
        int LatentDim,
        MapAxes Axes,
        [property: Description("First map coordinate of each point.")] float[] X,
        [property: Description("Second map coordinate of each point.")] float[] Y,
        [property: Description("Label of each point.")] int[] Labels,
        [property: Description("Why there are no points, or null.")] string? Message);

    /// <summary>How a map point (x, y) becomes a code: mean + x·components[0] + y·components[1].</summary>
    internal sealed record MapAxes(
        [property: Description("\"dims\": the first two latent dimensions; \"pca\": the first two principal components of the test-set μ.")] string Kind,
        [property: Description("The map's origin as a code (zeros for \"dims\").")] float[] Mean,
        [property: Description("One or two unit vectors of latentDim values.")] float[][] Components,
        [property: Description("For \"pca\" only: the fraction of the variance each component explains.")] double[]? Explained = null);

    /// <summary><c>POST /v1/decode</c> as JSON.</summary>
    internal sealed record DecodeRequest(
        [property: Description("Latent codes, one row of latentDim numbers each." + RowsNote)] float[][] Z,
        [property: Description("Conditional models only (and then required): one class label in 0..K-1 per code.")] int[]? Labels = null);

    /// <summary>Decoded images.</summary>
    internal sealed record DecodedImages(
        int Count,
        [property: Description("One row of C·H·W floats in [0,1] (Bernoulli means) per image, row-major; with ?format=png one base64 PNG string each instead.")] float[][] Images,
        [property: Description("The labels decoded under (conditional models only).")] int[]? Labels = null,
        [property: Description("Shape of one image ([H, W] for grey); absent with ?format=png.")] int[]? Shape = null,
        [property: Description("\"png\" with ?format=png, else absent.")] string? Format = null);

    /// <summary><c>POST /v1/encode</c> as JSON.</summary>
    internal sealed record EncodeRequest(
        [property: Description("Images, one row of C·H·W floats in [0,1] each (8-bit pixels / 255)." + RowsNote)] float[][] Image,
        [property: Description("Conditional models only (and then required): one class label in 0..K-1 per image.")] int[]? Labels = null);

    /// <summary>Encoded images: the posterior of each.</summary>
    internal sealed record Encoded(
        int Count,
        int LatentDim,
        [property: Description("Posterior means, one row per image.")] float[][] Mu,
        [property: Description("Posterior log-variances, one row per image.")] float[][] Logvar,
        [property: Description("The labels encoded under (conditional models only).")] int[]? Labels = null);

    /// <summary><c>POST /v1/classify</c> as JSON: images or latent codes, exactly one of the two.</summary>
    internal sealed record ClassifyRequest(
        [property: Description("Images to encode and classify, as in /v1/encode." + RowsNote)] float[][]? Image = null,
        [property: Description("Latent codes to classify as they are, as in /v1/decode." + RowsNote)] float[][]? Z = null,
        [property: Description("With images, for conditional models only (and then required): one class label in 0..K-1 per image.")] int[]? Labels = null);

    /// <summary>Class probabilities of each row.</summary>
    internal sealed record Classified(
        int Count,
        [property: Description("Classes K of the classifier.")] int Classes,
        [property: Description("The most probable class of each row (the first on a tie).")] int[] Predicted,
        [property: Description("One row of K probabilities (summing to 1) per image or code.")] float[][] Probabilities,
        [property: Description("For images: their posterior means μ, which were classified.")] float[][]? Mu = null,
        [property: Description("For images of a conditional model: the labels encoded under.")] int[]? Labels = null);

    /// <summary><c>POST /v1/generate</c>.</summary>
    internal sealed record GenerateRequest(
        [property: Description("Samples to draw (default 1, at most limits.maxBatch).")] int? N = null,
        [property: Description("Seed of the N(0, I) draws (System.Random + Box–Muller, as `vae generate --seed`); a random one when absent.")] int? Seed = null,
        [property: Description("Conditional models only (and then required): the class label every sample is decoded under.")] int? Digit = null);

    /// <summary>Samples: their codes and images.</summary>
    internal sealed record Samples(
        int Count,
        [property: Description("The seed used (the one given, or the random one chosen).")] int Seed,
        [property: Description("The codes drawn, one row each.")] float[][] Z,
        [property: Description("As in DecodedImages.")] float[][] Images,
        [property: Description("The label decoded under (conditional models only).")] int? Digit = null,
        int[]? Shape = null,
        string? Format = null);

    /// <summary><c>POST /v1/interpolate</c>.</summary>
    internal sealed record InterpolateRequest(
        [property: Description("Start code (latentDim numbers).")] float[] From,
        [property: Description("End code.")] float[] To,
        [property: Description("Codes on the line, both ends included (default 10, at least 2).")] int? Steps = null,
        [property: Description("Conditional models only (and then required): the class label every step is decoded under.")] int? Digit = null);

    /// <summary>The line's codes and images.</summary>
    internal sealed record Line(
        int Count,
        [property: Description("The codes on the line, one row each.")] float[][] Z,
        [property: Description("As in DecodedImages.")] float[][] Images,
        [property: Description("The label decoded under (conditional models only).")] int? Digit = null,
        int[]? Shape = null,
        string? Format = null);
}
