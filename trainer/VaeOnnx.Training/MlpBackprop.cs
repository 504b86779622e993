using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp.Modules;
using VaeOnnx.Contract;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace VaeOnnx.Training;

/// <summary>
/// One training pass of the fully connected VAE (float32, CPU) with its gradients formed by hand instead of by
/// autograd: the forward pass under no_grad keeps the few activations the gradients need, then each parameter's
/// gradient is computed and handed to the parameter. Every product is the libtorch call autograd's addmm backward
/// makes (the same operands in the same layout, so MKL runs the same kernel), every bias gradient its sum over the
/// batch, every elementwise gradient the same float operations in the same order: the parameters come out bit for bit
/// as autograd's. Written because on this small network autograd's engine and its ~25 nodes, each one or two
/// libtorch calls on cold caches between the large products, cost more than the arithmetic of everything but those
/// products (the README's benchmark section has the measurement).
/// </summary>
internal sealed class MlpBackprop
{
    private readonly Vae model;
    private readonly Linear hidden, mu, logVar, decoderHidden, decoderOut;

    private MlpBackprop(Vae model)
    {
        this.model = model;
        hidden = Layer(model.Encoder.Hidden, "fc");
        mu = model.Encoder.Mu;
        logVar = model.Encoder.LogVar;
        decoderHidden = Layer(model.Decoder.Logits, "fc");
        decoderOut = Layer(model.Decoder.Logits, "out");
    }

    /// <summary>The pass for <paramref name="model"/> when it applies (the mlp architecture in float32 on the CPU), else null.</summary>
    public static MlpBackprop? For(Vae model, TrainingPrecision precision) =>
        model.Signature.Architecture.Id == ArchitectureSpec.Ids.Mlp && precision == TrainingPrecision.Float32
            && model.Encoder.Mu.weight!.device_type == TorchSharp.DeviceType.CPU
            ? new MlpBackprop(model)
            : null;

    /// <summary>
    /// Forward, loss and every parameter's gradient for the batch <paramref name="x"/> (its labels for a conditional
    /// model, else null) and sampling <paramref name="noise"/>; tensors it creates belong to the caller's dispose scope.
    /// </summary>
    public (double Bce, double Kld) Run(Tensor x, Tensor? labels, Tensor noise, double beta, Action<StepPhase>? phaseEnded)
    {
        using var _ = no_grad();
        var condition = model.Condition(labels);
        // Forward as the modules run it (at::linear is addmm(b, x, Wᵀ); ReLU's output is what its backward reads).
        var input = condition is null ? x : cat([x, condition], 1);
        var a1 = F.linear(input, hidden.weight!, hidden.bias).relu_();
        var m = F.linear(a1, mu.weight!, mu.bias);
        var v = F.linear(a1, logVar.weight!, logVar.bias);
        var (z, std) = Vae.Reparameterise(m, v, noise);
        var decoderInput = condition is null ? z : cat([z, condition], 1);
        var a2 = F.linear(decoderInput, decoderHidden.weight!, decoderHidden.bias).relu_();
        var logits = F.linear(a2, decoderOut.weight!, decoderOut.bias);
        phaseEnded?.Invoke(StepPhase.Forward);

        var (bce, gradient) = VaeLoss.Reconstruction(logits, x);
        var (kld, muGradient, logVarGradient) = VaeLoss.Divergence(m, v, beta);
        phaseEnded?.Invoke(StepPhase.Loss);

        var a2Gradient = Backward(decoderOut, gradient, a2);
        ReluBackward(a2Gradient, a2);
        var zGradient = Backward(decoderHidden, a2Gradient, decoderInput);
        if (condition is not null)
        {
            zGradient = zGradient.narrow(1, 0, model.LatentSize).contiguous();
        }
        Reparameterisation(zGradient, noise, std, muGradient, logVarGradient);
        SetGradients(mu, muGradient, a1);
        SetGradients(logVar, logVarGradient, a1);
        // a1 feeds both heads: autograd adds the two input gradients (one addition, so its order does not matter).
        Tensor a1Gradient;
        if (HeadsInputGradient.Covers(x.shape[0], model.LatentSize))
        {
            a1Gradient = HeadsInputGradient.Compute(a1, muGradient, mu.weight!, logVarGradient, logVar.weight!);
        }
        else
        {
            a1Gradient = muGradient.mm(mu.weight!).add_(logVarGradient.mm(logVar.weight!));
            ReluBackward(a1Gradient, a1);
        }
        SetGradients(hidden, a1Gradient, input);
        phaseEnded?.Invoke(StepPhase.Backward);
        return (bce, kld);
    }

    /// <summary>
    /// Sets the gradients of <paramref name="layer"/> (y = x·Wᵀ + b) from ∂L/∂y as addmm's backward forms them: W's as
    /// (∂L/∂y)ᵀ·x (the column-major branch of mm_mat2_backward, Wᵀ being column-major), b's as the sum over the batch
    /// that autograd's sum_to takes.
    /// </summary>
    private static void SetGradients(Linear layer, Tensor outputGradient, Tensor input)
    {
        layer.weight!.grad = outputGradient.t().mm(input);
        layer.bias!.grad = outputGradient.sum([0], keepdim: true).view(layer.bias.shape);
    }

    /// <summary><see cref="SetGradients"/>, then ∂L/∂x = (∂L/∂y)·W, as mm_mat1_backward forms it.</summary>
    private static Tensor Backward(Linear layer, Tensor outputGradient, Tensor input)
    {
        SetGradients(layer, outputGradient, input);
        return outputGradient.mm(layer.weight!);
    }

    /// <summary>ReLU's backward in place: the gradient where the output is above 0, else 0 (threshold_backward's select).</summary>
    private static void ReluBackward(Tensor gradient, Tensor output)
    {
        Span<float> g = TensorMemory.Floats(gradient);
        ReadOnlySpan<float> y = TensorMemory.Floats(output);
        if (g.Length != y.Length)
        {
            throw new ArgumentException($"{g.Length} gradients for {y.Length} outputs");
        }
        ref float gradients = ref MemoryMarshal.GetReference(g);
        ref readonly float outputs = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= g.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var below = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(in outputs, (nuint)i), Vector256<float>.Zero);
                Vector256.ConditionalSelect(below, Vector256<float>.Zero, Vector256.LoadUnsafe(ref gradients, (nuint)i)).StoreUnsafe(ref gradients, (nuint)i);
            }
        }
        for (; i < g.Length; i++)
        {
            g[i] = y[i] <= 0 ? 0 : g[i];
        }
    }

    /// <summary>
    /// Adds the gradient that z = noise·σ + μ, σ = exp(logσ²·½) sends back to the KL term's gradients in place: ∂z to
    /// μ's, and ((∂z·noise)·σ)·½ to logσ²'s — the mul, exp and mul backward of autograd, in its order.
    /// </summary>
    private static void Reparameterisation(Tensor zGradient, Tensor noise, Tensor std, Tensor muGradient, Tensor logVarGradient)
    {
        ReadOnlySpan<float> dz = TensorMemory.Floats(zGradient), n = TensorMemory.Floats(noise), s = TensorMemory.Floats(std);
        Span<float> dm = TensorMemory.Floats(muGradient), dv = TensorMemory.Floats(logVarGradient);
        for (int i = 0; i < dz.Length; i++)
        {
            dm[i] += dz[i];
            dv[i] += dz[i] * n[i] * s[i] * 0.5f;
        }
    }

    private static Linear Layer(Sequential sequential, string name) =>
        (Linear)sequential.named_children().Single(child => child.name == name).module;
}
