using System.Runtime.Intrinsics;

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
    /// a run stays bit-for-bit reproducible. Single-threaded on purpose: the pass takes a fraction of a millisecond,
    /// less than waking a second thread costs. It runs parameter by parameter, reading each gradient where autograd
    /// left it (see <see cref="ZeroGrad"/>).
    /// </summary>
    private void StepFused()
    {
        Steps++;
        var (correction1, correction2) = Corrections();
        double root2 = Math.Sqrt(correction2);
        var update = new Update((float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2), (float)(Epsilon * root2),
            (float)(-learningRate * root2 / correction1));
        fixed (byte* pBytes = parameters.bytes, mBytes = firstMoment.bytes, vBytes = secondMoment.bytes)
        {
            float* p = (float*)pBytes, m = (float*)mBytes, v = (float*)vBytes;
            for (int i = 0; i < owned.Length; i++)
            {
                int offset = checked((int)offsets[i]), count = checked((int)owned[i].numel());
                // Each gradient where autograd left it: a contiguous tensor of the parameter's shape.
                using var grad = owned[i].grad;
                using var contiguous = grad?.contiguous();
                fixed (byte* gBytes = contiguous is null ? new byte[count * sizeof(float)] : contiguous.bytes)
                {
                    update.Apply(p + offset, (float*)gBytes, m + offset, v + offset, count);
                }
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
