using TorchSharp;
using TorchSharp.Modules;

namespace VaeOnnx.OnnxExport;

// 2-D convolutions. TorchSharp and ONNX store the weights in the same layout ([out, in/groups, kH, kW] for Conv,
// [in, out/groups, kH, kW] for ConvTranspose), so the parameters go in unchanged.
public sealed partial class OnnxGraphBuilder
{
    /// <summary>A <see cref="TorchSharp.Modules.Conv2d"/> as ONNX <c>Conv</c> (stride, padding incl. "same", dilation, groups).</summary>
    /// <exception cref="UnsupportedModuleException">The padding mode is not zeros.</exception>
    public OnnxValue Conv2d(Conv2d conv, OnnxValue input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(conv);
        return Convolution("Conv", conv, input, prefix);
    }

    /// <summary>
    /// A <see cref="TorchSharp.Modules.ConvTranspose2d"/> as ONNX <c>ConvTranspose</c> (stride, padding,
    /// output_padding, dilation, groups).
    /// </summary>
    /// <exception cref="UnsupportedModuleException">The padding mode is not zeros.</exception>
    public OnnxValue ConvTranspose2d(ConvTranspose2d deconv, OnnxValue input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(deconv);
        return Convolution("ConvTranspose", deconv, input, prefix);
    }

    private OnnxValue Convolution(string opType, Convolution conv, OnnxValue input, string prefix)
    {
        CheckOwned(input);
        string path = PathOrRoot(prefix);
        Type type = conv.GetType();
        if (conv.padding_mode != PaddingModes.Zeros)
        {
            throw new UnsupportedModuleException(path, type, $"padding_mode {conv.padding_mode} is not supported (only Zeros).");
        }
        if (input.Rank != 4)
        {
            throw new ArgumentException($"Module '{path}' expects a rank-4 [N,C,H,W] input but receives {input}.", nameof(input));
        }
        if (input.Shape[1].IsFixed && input.Shape[1].Value != conv.in_channels)
        {
            throw new ArgumentException($"Module '{path}' expects {conv.in_channels} channels but receives {input}.", nameof(input));
        }
        long[] kernel = conv.kernel_size;
        long[] stride = conv.stride;
        long[] dilation = conv.dilation;
        long[] begin = new long[2];
        long[] end = new long[2];
        for (int i = 0; i < 2; i++)
        {
            (begin[i], end[i]) = conv.padding_type switch
            {
                // torch's "same" pads dilation·(k-1) in total, the odd element on the end side.
                Padding.Same => (dilation[i] * (kernel[i] - 1) / 2, dilation[i] * (kernel[i] - 1) - dilation[i] * (kernel[i] - 1) / 2),
                Padding.Valid => (0L, 0L),
                _ => (conv.padding?[i] ?? 0L, conv.padding?[i] ?? 0L),
            };
        }
        long[] outputPadding = conv.output_padding ?? [0, 0];

        var attributes = new List<Onnx.AttributeProto>
        {
            Attribute("kernel_shape", kernel),
            Attribute("strides", stride),
            Attribute("pads", [begin[0], begin[1], end[0], end[1]]),
            Attribute("dilations", dilation),
            Attribute("group", conv.groups),
        };
        if (conv.transposed)
        {
            attributes.Add(Attribute("output_padding", outputPadding));
        }

        OnnxValue weight = Initializer(ChildPath(prefix, "weight"), conv.weight);
        OnnxValue? bias = conv.bias is null ? null : Initializer(ChildPath(prefix, "bias"), conv.bias);
        string[] inputs = bias is null ? [input.Name, weight.Name] : [input.Name, weight.Name, bias.Name];

        var shape = new OnnxDim[4];
        shape[0] = input.Shape[0];
        shape[1] = conv.out_channels;
        for (int i = 0; i < 2; i++)
        {
            if (input.Shape[2 + i].Value is not long size)
            {
                shape[2 + i] = OnnxDim.Unknown;
                continue;
            }
            long span = dilation[i] * (kernel[i] - 1) + 1;
            shape[2 + i] = conv.transposed
                ? (size - 1) * stride[i] - begin[i] - end[i] + span + outputPadding[i]
                : (size + begin[i] + end[i] - span) / stride[i] + 1;
        }
        return AddNode(opType, prefix, inputs, shape, [.. attributes]);
    }
}
