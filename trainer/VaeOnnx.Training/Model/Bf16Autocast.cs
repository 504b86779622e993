using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training.Model;

/// <summary>
/// bfloat16 matrix products in the training forward pass, what <c>torch.autocast("cpu", torch.bfloat16)</c> does in
/// PyTorch (TorchSharp has no autocast): while a scope from <see cref="Enter"/> is open on the thread, each Linear
/// multiplies bfloat16 copies of its input, weight and bias (libtorch's oneDNN kernels accumulate in float32), and the
/// activations between layers stay bfloat16; autograd carries the gradients back through the casts to the float32
/// master weights. Convolutions stay float32 (their bfloat16 kernels were not measured faster here). Outside a
/// scope every module runs exactly as it is, so float32 training does not change by a bit.
/// </summary>
internal static class Bf16Autocast
{
    [ThreadStatic]
    private static bool active;

    /// <summary>Opens a bfloat16 scope on this thread when <paramref name="enabled"/>; disposing it closes it.</summary>
    public static Scope Enter(bool enabled)
    {
        bool outer = active;
        active = enabled || outer;
        return new Scope(outer);
    }

    /// <summary>Runs <paramref name="layers"/> on <paramref name="input"/>, Linear layers in bfloat16 inside a scope.</summary>
    public static Tensor Run(Sequential layers, Tensor input)
    {
        if (!active)
        {
            return layers.call(input);
        }
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var layer in layers.children())
        {
            var module = (nn.Module<Tensor, Tensor>)layer;
            x = module switch
            {
                Linear linear => Multiply(linear, x),
                _ when module.parameters().Any() => module.call(x.to(float32)),
                _ => module.call(x),
            };
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary><paramref name="layer"/> on <paramref name="input"/>, in bfloat16 inside a scope.</summary>
    public static Tensor Run(Linear layer, Tensor input) => active ? Multiply(layer, input) : layer.call(input);

    /// <summary>A module's output as float32 for what follows (loss, sampling): a cast inside a scope, itself outside.</summary>
    public static Tensor ToFloat32(Tensor output)
    {
        if (output.dtype == float32)
        {
            return output;
        }
        using (output)
        {
            return output.to(float32);
        }
    }

    // The casts are left to the caller's dispose scope: to() of a tensor already in bfloat16 may hand back the
    // input itself, which must not be disposed here.
    private static Tensor Multiply(Linear layer, Tensor input) =>
        F.linear(input.to(bfloat16), layer.weight!.to(bfloat16), layer.bias?.to(bfloat16));

    /// <summary>Restores the state the scope found.</summary>
    public readonly struct Scope(bool outer) : IDisposable
    {
        public void Dispose() => active = outer;
    }
}
