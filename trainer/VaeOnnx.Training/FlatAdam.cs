using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// Adam (Kingma &amp; Ba, PyTorch's formulation and defaults) over one flat parameter buffer: every parameter becomes
/// a view into one contiguous tensor, beside two for the moments. The update is memory-bound, so passes over the
/// 2.5 MB buffers are what it costs: on the CPU it is one SIMD pass written here (libtorch has no fused Adam for the
/// CPU); on other devices four whole-buffer libtorch kernels (seven passes), still instead of about eight kernels per
/// parameter tensor. The two agree to the last bit of the square root (see <see cref="StepFused"/>).
/// Gradients are released rather than zeroed (<see cref="ZeroGrad"/>): autograd then hands each parameter the
/// gradient tensor it computed instead of adding it into a zeroed buffer, which saves a fill and an add over every
/// gradient per step; the CPU pass reads them where they are, the kernels gather them into one buffer first.
/// </summary>
public sealed partial class FlatAdam : IStepOptimizer, IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Parameter[] owned;
    private readonly long[] offsets;
    private readonly Tensor parameters;
    private Tensor? flatGradients;
    private readonly Tensor firstMoment;
    private readonly Tensor secondMoment;
    private Tensor? denominator;
    private FusedPass? fusedPass;
    private readonly double learningRate;

    /// <summary>Re-homes <paramref name="moduleParameters"/> into one flat buffer.</summary>
    public FlatAdam(IEnumerable<Parameter> moduleParameters, double learningRate)
    {
        this.learningRate = learningRate;
        owned = [.. moduleParameters];
        long total = owned.Sum(p => p.numel());
        var device = owned[0].device;
        parameters = zeros(total, device: device);
        firstMoment = zeros(total, device: device);
        secondMoment = zeros(total, device: device);
        using var _ = no_grad();
        offsets = new long[owned.Length];
        long offset = 0;
        for (int i = 0; i < owned.Length; i++)
        {
            var parameter = owned[i];
            long n = parameter.numel();
            using var view = parameters.narrow(0, offset, n).view(parameter.shape);
            view.copy_(parameter);
            // set_ makes the parameter share the view's storage, so the update writes the module's weights.
            parameter.set_(view);
            offsets[i] = offset;
            offset += n;
        }
    }

    /// <summary>Updates taken so far (Adam's t).</summary>
    public long Steps { get; private set; }

    /// <summary>Number of scalar parameters.</summary>
    public long Count => parameters.numel();

    /// <summary>Releases every gradient (PyTorch's <c>zero_grad(set_to_none=True)</c>); a parameter without one updates as if it were zero.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in owned)
        {
            parameter.grad = null;
        }
    }

    /// <summary>One Adam update from the accumulated gradients.</summary>
    public void Step()
    {
        if (parameters.device_type == TorchSharp.DeviceType.CPU)
        {
            StepFused();
        }
        else
        {
            StepWithKernels();
        }
    }

    /// <summary>The update as four libtorch kernels (any device; the reference the fused pass is tested against).</summary>
    internal void StepWithKernels()
    {
        using var _ = no_grad();
        var gradients = GatherGradients();
        Steps++;
        var (correction1, correction2) = Corrections();
        // m ← β1·m + (1−β1)·g as one lerp pass; v ← β2·v + (1−β2)·g² in two.
        firstMoment.lerp_(gradients, 1 - Beta1);
        secondMoment.mul_(Beta2).addcmul_(gradients, gradients, value: 1 - Beta2);
        // PyTorch's p ← p − lr/c1 · m / (√v/√c2 + ε) rewritten as p ← p − (lr·√c2/c1) · m / (√v + ε·√c2):
        // the same update with one pass fewer over the buffer; the scratch buffer avoids a 2.5 MB allocation per step.
        double root2 = Math.Sqrt(correction2);
        denominator ??= zeros_like(secondMoment);
        denominator.copy_(secondMoment).sqrt_().add_(Epsilon * root2);
        parameters.addcdiv_(firstMoment, denominator, value: -learningRate * root2 / correction1);
    }

    /// <summary>Copies the gradients into the flat buffer the kernels run over (zeros where a parameter has none).</summary>
    private Tensor GatherGradients()
    {
        var gradients = flatGradients ??= zeros_like(parameters);
        for (int i = 0; i < owned.Length; i++)
        {
            using var slot = gradients.narrow(0, offsets[i], owned[i].numel());
            using var grad = owned[i].grad;
            if (grad is null)
            {
                slot.zero_();
            }
            else
            {
                using var flat = grad.flatten();
                slot.copy_(flat);
            }
        }
        return gradients;
    }

    private (double Correction1, double Correction2) Corrections() => (1 - Math.Pow(Beta1, Steps), 1 - Math.Pow(Beta2, Steps));

    /// <summary>Writes t and both moments (raw float32, host order).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Steps);
        writer.Write(Count);
        WriteTensor(writer, firstMoment);
        WriteTensor(writer, secondMoment);
    }

    /// <summary>Restores what <see cref="Save"/> wrote; the parameter count must match.</summary>
    public void Load(BinaryReader reader)
    {
        long steps = reader.ReadInt64();
        long count = reader.ReadInt64();
        if (count != Count)
        {
            throw new InvalidDataException($"optimizer state holds {count} parameters, the model has {Count}");
        }
        ReadTensor(reader, firstMoment);
        ReadTensor(reader, secondMoment);
        Steps = steps;
    }

    private static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        using var host = tensor.cpu();
        writer.Write(MemoryMarshal.AsBytes(host.data<float>().ToArray().AsSpan()));
    }

    private static void ReadTensor(BinaryReader reader, Tensor target)
    {
        var values = new float[target.numel()];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        using var _ = no_grad();
        using var host = TorchSharp.torch.tensor(values);
        target.copy_(host);
    }

    public void Dispose()
    {
        parameters.Dispose();
        flatGradients?.Dispose();
        firstMoment.Dispose();
        secondMoment.Dispose();
        denominator?.Dispose();
    }
}
