using TorchSharp.Modules;

namespace VaeOnnx.OnnxExport;

// Batch normalization with the running statistics (eval mode).
public sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// A <see cref="BatchNorm1d"/> or <see cref="BatchNorm2d"/> in eval mode as ONNX <c>BatchNormalization</c>
    /// with the running mean and variance. Without affine parameters the scale is 1 and the bias 0.
    /// </summary>
    /// <exception cref="UnsupportedModuleException">The module keeps no running statistics (eval would use batch statistics).</exception>
    public OnnxValue BatchNorm(BatchNorm norm, OnnxValue input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(norm);
        CheckOwned(input);
        string path = PathOrRoot(prefix);
        if (!norm.track_running_stats || norm.running_mean is null || norm.running_var is null)
        {
            throw new UnsupportedModuleException(path, norm.GetType(),
                "track_running_stats is false, so eval mode normalizes with batch statistics; export needs running statistics.");
        }
        bool rankOk = norm is BatchNorm2d ? input.Rank == 4 : input.Rank is 2 or 3;
        if (!rankOk || (input.Shape[1].IsFixed && input.Shape[1].Value != norm.num_features))
        {
            throw new ArgumentException($"Module '{path}' ({norm.GetType().Name}, {norm.num_features} features) cannot take {input}.", nameof(input));
        }
        long channels = norm.num_features;
        OnnxValue scale = norm.weight is not null
            ? Initializer(ChildPath(prefix, "weight"), norm.weight)
            : FloatConstant(ChildPath(prefix, "scale_ones"), [channels], [.. Enumerable.Repeat(1f, (int)channels)]);
        OnnxValue bias = norm.bias is not null
            ? Initializer(ChildPath(prefix, "bias"), norm.bias)
            : FloatConstant(ChildPath(prefix, "bias_zeros"), [channels], new float[channels]);
        OnnxValue mean = Initializer(ChildPath(prefix, "running_mean"), norm.running_mean);
        OnnxValue variance = Initializer(ChildPath(prefix, "running_var"), norm.running_var);
        // training_mode is left at its default 0: inference with the stored statistics, a single output.
        return AddNode("BatchNormalization", prefix, [input.Name, scale.Name, bias.Name, mean.Name, variance.Name], input.Shape,
            Attribute("epsilon", (float)norm.eps));
    }
}
