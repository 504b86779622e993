using TorchSharp.Modules;

namespace VaeOnnx.OnnxExport;

// Fully-connected layers and element-wise activations.
public sealed partial class OnnxGraphBuilder
{
    // At and above this threshold torch's linear branch of Softplus is invisible in float32: for beta*x >= 20,
    // log1p(exp(-beta*x)) / beta < 2.1e-9 / beta, far below the spacing of float32 values near x.
    private const double SoftplusThresholdWithoutBranch = 20.0;

    /// <summary>
    /// <c>y = x·Wᵀ + b</c> for a TorchSharp <see cref="TorchSharp.Modules.Linear"/>. A rank-2 input becomes one
    /// <c>Gemm(transB=1)</c> fed the [out,in] weight as is; other ranks become <c>MatMul</c> (+ <c>Add</c>).
    /// </summary>
    public OnnxValue Linear(Linear linear, OnnxValue input, string prefix)
    {
        ArgumentNullException.ThrowIfNull(linear);
        CheckOwned(input);
        string path = PathOrRoot(prefix);
        if (input.Rank == 0)
        {
            throw new UnsupportedModuleException(path, linear.GetType(), "a scalar input has no feature dimension.");
        }
        OnnxDim features = input.Shape[^1];
        if (features.IsFixed && features.Value != linear.in_features)
        {
            throw new ArgumentException($"Module '{path}' expects {linear.in_features} input features but receives {input}.", nameof(input));
        }
        OnnxValue weight = Initializer(ChildPath(prefix, "weight"), linear.weight);
        OnnxValue? bias = linear.bias is null ? null : Initializer(ChildPath(prefix, "bias"), linear.bias);
        OnnxDim[] shape = [.. input.Shape.Take(input.Rank - 1), linear.out_features];
        if (input.Rank == 2)
        {
            string[] inputs = bias is null ? [input.Name, weight.Name] : [input.Name, weight.Name, bias.Name];
            return AddNode("Gemm", prefix, inputs, shape, Attribute("transB", 1L));
        }
        // MatMul has no transpose flag. A Transpose node on the initializer (constant-folded by ONNX Runtime)
        // keeps the stored weight identical to the TorchSharp parameter of the same name.
        OnnxValue transposed = AddNode("Transpose", prefix, [weight.Name], [linear.in_features, linear.out_features], Attribute("perm", [1L, 0L]));
        OnnxValue product = AddNode("MatMul", prefix, [input.Name, transposed.Name], shape);
        return bias is null ? product : AddNode("Add", prefix, [product.Name, bias.Name], shape);
    }

    /// <summary><c>max(x, 0)</c>.</summary>
    public OnnxValue Relu(OnnxValue input, string? name = null) => Elementwise("Relu", input, name);

    /// <summary><c>1 / (1 + exp(-x))</c>.</summary>
    public OnnxValue Sigmoid(OnnxValue input, string? name = null) => Elementwise("Sigmoid", input, name);

    /// <summary>torch's <c>softmax(x, dim)</c>: ONNX <c>Softmax</c> (opset 13+ semantics: normalised along one axis).</summary>
    public OnnxValue Softmax(OnnxValue input, long axis = -1, string? name = null)
    {
        CheckOwned(input);
        long dim = axis < 0 ? axis + input.Rank : axis;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(dim, input.Rank, nameof(axis));
        ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(axis));
        return AddNode("Softmax", name, [input.Name], input.Shape, Attribute("axis", dim));
    }

    /// <summary><c>tanh(x)</c>.</summary>
    public OnnxValue Tanh(OnnxValue input, string? name = null) => Elementwise("Tanh", input, name);

    /// <summary><c>x</c> for positive x, <c>negativeSlope·x</c> otherwise.</summary>
    public OnnxValue LeakyRelu(OnnxValue input, double negativeSlope = 0.01, string? name = null) =>
        Elementwise("LeakyRelu", input, name, Attribute("alpha", (float)negativeSlope));

    /// <summary>
    /// torch's Softplus: <c>log(1 + exp(beta·x)) / beta</c>, and <c>x</c> where <c>beta·x &gt; threshold</c>.
    /// With the defaults (beta 1, threshold 20) this is ONNX's <c>Softplus</c> alone.
    /// </summary>
    public OnnxValue Softplus(OnnxValue input, double beta = 1.0, double threshold = 20.0, string? name = null)
    {
        CheckOwned(input);
        if (!(beta > 0) || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"Softplus needs beta > 0 and a threshold (got beta {beta}, threshold {threshold}).");
        }
        string scope = name ?? "Softplus";
        OnnxValue? betaConstant = beta == 1.0 ? null : FloatConstant($"{scope}.beta", [], [(float)beta]);
        OnnxValue scaled = betaConstant is null ? input : AddNode("Mul", name, [input.Name, betaConstant.Name], input.Shape);
        OnnxValue result = AddNode("Softplus", name, [scaled.Name], input.Shape);
        if (betaConstant is not null)
        {
            result = AddNode("Div", name, [result.Name, betaConstant.Name], input.Shape);
        }
        if (threshold < SoftplusThresholdWithoutBranch)
        {
            OnnxValue thresholdConstant = FloatConstant($"{scope}.threshold", [], [(float)threshold]);
            OnnxValue linear = AddNode("Greater", name, [scaled.Name, thresholdConstant.Name], input.Shape);
            result = AddNode("Where", name, [linear.Name, input.Name, result.Name], input.Shape);
        }
        return result;
    }

    private OnnxValue Elementwise(string opType, OnnxValue input, string? name, params Onnx.AttributeProto[] attributes)
    {
        CheckOwned(input);
        return AddNode(opType, name, [input.Name], input.Shape, attributes);
    }
}
