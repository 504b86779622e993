using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

public sealed unsafe partial class FlatAdam
{
    /// <summary>
    /// The CPU update as one SIMD pass: each element's gradient, moments and parameter are read and written once,
    /// instead of the seven passes of <see cref="StepWithKernels"/> (written here because libtorch has no fused
    /// Adam for the CPU). Every operation rounds as libtorch's vectorised kernels do (scalars narrowed to float as
    /// libtorch narrows them; lerp as one fused multiply-add; addcmul's multiply-add fused as GCC contracts it in
    /// libtorch's build; addcdiv as (s·m)/d added) except the square root: this one is the correctly rounded
    /// hardware sqrt, libtorch's vectorised float sqrt is not (it differs in the last bit for about one value in
    /// six) and costs as much as the rest of the update. So parameters can differ from the kernels' in the last bit;
    /// a run stays bit-for-bit reproducible, and the same at any thread count (each element's update depends on that
    /// element alone). The buffer is split between libtorch's OpenMP threads (<see cref="OpenMpTeam"/>); each
    /// gradient is read where autograd left it (see <see cref="ZeroGrad"/>).
    /// </summary>
    private void StepFused()
    {
        Steps++;
        var (correction1, correction2) = Corrections();
        double root2 = Math.Sqrt(correction2);
        var update = new Update((float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2), (float)(Epsilon * root2),
            (float)(-learningRate * root2 / correction1));
        var pass = fusedPass ??= new FusedPass(this);
        pass.Prepare(update);
        try
        {
            OpenMpTeam.For(Count, pass);
        }
        finally
        {
            pass.Release();
        }
    }

    /// <summary>One step's pointers and constants; <see cref="Run"/> updates any range of the flat buffer.</summary>
    private sealed class FusedPass(FlatAdam optimizer) : OpenMpTeam.IRange
    {
        private readonly Tensor?[] gradients = new Tensor?[optimizer.owned.Length];
        private readonly nint[] gradientData = new nint[optimizer.owned.Length];
        // Sizes read once here: Run executes on libtorch's worker threads, which should not call back into it.
        private readonly long[] counts = [.. optimizer.owned.Select(o => o.numel())];
        // The flat buffers live as long as the optimizer (a checkpoint load copies into them), so their addresses hold.
        private readonly float* p = TensorMemory.Address(optimizer.parameters);
        private readonly float* m = TensorMemory.Address(optimizer.firstMoment);
        private readonly float* v = TensorMemory.Address(optimizer.secondMoment);
        private float[]? zeros;
        private Update update;

        /// <summary>Takes this step's constants and gradients (contiguous, where autograd left them).</summary>
        public void Prepare(Update constants)
        {
            update = constants;
            for (int i = 0; i < gradients.Length; i++)
            {
                using var grad = optimizer.owned[i].grad;
                var contiguous = grad?.contiguous();
                gradients[i] = contiguous;
                if (contiguous is null)
                {
                    // A parameter without a gradient updates as if it were zero: one pinned buffer of zeros serves all.
                    zeros ??= GC.AllocateArray<float>(checked((int)counts.Max()), pinned: true);
                    gradientData[i] = (nint)Unsafe.AsPointer(ref zeros[0]);
                }
                else
                {
                    gradientData[i] = (nint)TensorMemory.Address(contiguous);
                }
            }
        }

        public void Run(long start, long end)
        {
            var offsets = optimizer.offsets;
            for (int i = 0; i < offsets.Length; i++)
            {
                long from = offsets[i], to = from + counts[i];
                long lo = Math.Max(start, from), hi = Math.Min(end, to);
                if (lo < hi)
                {
                    update.Apply(p + lo, (float*)gradientData[i] + (lo - from), m + lo, v + lo, checked((int)(hi - lo)));
                }
            }
        }

        /// <summary>Lets the step's gradient tensors go.</summary>
        public void Release()
        {
            for (int i = 0; i < gradients.Length; i++)
            {
                gradients[i]?.Dispose();
                gradients[i] = null;
            }
        }
    }

    /// <summary>One step's constants, applied segment by segment.</summary>
    private readonly struct Update(float weight, float beta2, float oneMinusBeta2, float epsilon, float scale)
    {
        public void Apply(float* p, float* g, float* m, float* v, int count)
        {
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var w = Vector256.Create(weight);
                var b2 = Vector256.Create(beta2);
                var c2 = Vector256.Create(oneMinusBeta2);
                var e = Vector256.Create(epsilon);
                var s = Vector256.Create(scale);
                for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var gi = Vector256.Load(g + i);
                    var mi = Vector256.Load(m + i);
                    mi = Vector256.FusedMultiplyAdd(w, gi - mi, mi);
                    var vi = Vector256.FusedMultiplyAdd(c2 * gi, gi, Vector256.Load(v + i) * b2);
                    (Vector256.Load(p + i) + (s * mi / (Vector256.Sqrt(vi) + e))).Store(p + i);
                    mi.Store(m + i);
                    vi.Store(v + i);
                }
            }
            for (; i < count; i++)
            {
                float gi = g[i];
                float mi = MathF.FusedMultiplyAdd(weight, gi - m[i], m[i]);
                float vi = MathF.FusedMultiplyAdd(oneMinusBeta2 * gi, gi, v[i] * beta2);
                p[i] += scale * mi / (MathF.Sqrt(vi) + epsilon);
                m[i] = mi;
                v[i] = vi;
            }
        }
    }
}
