namespace VaeOnnx.Contract;

/// <summary>The names of the graphs' inputs and outputs.</summary>
/// <param name="EncoderInput">Encoder input: float32 images <c>[N,C,H,W]</c> in [0,1].</param>
/// <param name="Mu">Encoder output: posterior means, float32 <c>[N,latent]</c>.</param>
/// <param name="LogVar">Encoder output: posterior log-variances, float32 <c>[N,latent]</c>.</param>
/// <param name="DecoderInput">Decoder input: latent codes, float32 <c>[N,latent]</c>.</param>
/// <param name="DecoderOutput">Decoder output: Bernoulli means in [0,1], float32 <c>[N,C,H,W]</c>.</param>
/// <param name="Label">Label input of both graphs of a conditional model: int64 <c>[N]</c>.</param>
public sealed record TensorNames(string EncoderInput, string Mu, string LogVar, string DecoderInput, string DecoderOutput, string Label)
{
    /// <summary>The names the exporter writes.</summary>
    public static TensorNames Default { get; } = new("image", "mu", "logvar", "z", "image", "label");

    internal void Validate()
    {
        string[] encoder = [EncoderInput, Mu, LogVar, Label];
        string[] decoder = [DecoderInput, DecoderOutput, Label];
        if (encoder.Concat(decoder).Any(string.IsNullOrWhiteSpace)
            || encoder.Distinct(StringComparer.Ordinal).Count() != encoder.Length
            || decoder.Distinct(StringComparer.Ordinal).Count() != decoder.Length)
        {
            throw new SignatureException("tensor names must be non-empty and distinct within each graph");
        }
    }
}
