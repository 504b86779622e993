using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport;

// Module dispatch: maps a TorchSharp module (tree) to ONNX operators.
public sealed partial class OnnxGraphBuilder
{
    /// <summary>The module types <see cref="Module"/> maps to ONNX.</summary>
    public static IReadOnlyList<Type> SupportedModuleTypes { get; } =
    [
        typeof(Sequential), typeof(Linear), typeof(ReLU), typeof(LeakyReLU), typeof(Sigmoid), typeof(Tanh), typeof(Softmax),
        typeof(Softplus), typeof(Identity), typeof(Dropout), typeof(Dropout1d), typeof(Dropout2d), typeof(Dropout3d),
        typeof(AlphaDropout), typeof(FeatureAlphaDropout), typeof(Flatten), typeof(Unflatten), typeof(Conv2d),
        typeof(ConvTranspose2d), typeof(BatchNorm1d), typeof(BatchNorm2d),
    ];

    /// <summary>
    /// Appends <paramref name="module"/> applied to <paramref name="input"/> and returns its output.
    /// <paramref name="prefix"/> is the module's path in the model (e.g. <c>encoder.hidden</c>): initializers are
    /// named <c>{prefix}.{parameter}</c>, children of a Sequential <c>{prefix}.{child}</c>, as in TorchSharp's
    /// <c>named_parameters()</c>. Dropout and Identity add nothing (inference graph).
    /// </summary>
    /// <exception cref="UnsupportedModuleException">The module, or one inside it, has no ONNX mapping; the message names its path and type.</exception>
    public OnnxValue Module(nn.Module module, OnnxValue input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(prefix);
        CheckOwned(input);
        return module switch
        {
            Sequential sequential => SequentialModule(sequential, input, prefix),
            Linear linear => Linear(linear, input, prefix),
            ReLU => Relu(input, prefix),
            LeakyReLU leaky => LeakyRelu(input, leaky.negative_slope, prefix),
            TorchSharp.Modules.Sigmoid => Sigmoid(input, prefix),
            TorchSharp.Modules.Tanh => Tanh(input, prefix),
            TorchSharp.Modules.Softmax softmax => Softmax(input, softmax.dim, prefix),
            Softplus softplus => Softplus(input, softplus.beta, softplus.threshold, prefix),
            // Dropout is the identity at inference time, so the exported graph simply skips it.
            Identity or Dropout or Dropout1d or Dropout2d or Dropout3d or AlphaDropout or FeatureAlphaDropout => input,
            Flatten flatten => Flatten(input, flatten.start_dim, flatten.end_dim, prefix),
            Unflatten unflatten => Unflatten(input, unflatten.dim, unflatten.unflattened_size, prefix),
            Conv2d conv => Conv2d(conv, input, prefix),
            ConvTranspose2d deconv => ConvTranspose2d(deconv, input, prefix),
            BatchNorm1d or BatchNorm2d => BatchNorm((BatchNorm)module, input, prefix),
            _ => throw new UnsupportedModuleException(PathOrRoot(prefix), module.GetType(),
                "no ONNX mapping for this module type (supported: " + string.Join(", ", SupportedModuleTypes.Select(t => t.Name)) + ")."),
        };
    }

    private OnnxValue SequentialModule(Sequential sequential, OnnxValue input, string prefix)
    {
        OnnxValue value = input;
        foreach ((string name, nn.Module child) in sequential.named_children())
        {
            value = Module(child, value, ChildPath(prefix, name));
        }
        return value;
    }

    private static string ChildPath(string prefix, string child) => prefix.Length == 0 ? child : $"{prefix}.{child}";

    private static string PathOrRoot(string prefix) => prefix.Length == 0 ? "<root>" : prefix;
}
