using System.Runtime.Intrinsics;

namespace VaeOnnx.Training;

public sealed unsafe partial class FlatAdam
{
    /// <summary>
    /// The CPU update in three passes instead of seven: the moments in one SIMD pass (which also leaves v in the
    /// scratch buffer), libtorch's own sqrt over that buffer, and the parameters in a second SIMD pass. The square
    /// root stays libtorch's because its vectorised float sqrt is not the correctly rounded one (it differs from
    /// <see cref="MathF.Sqrt"/> in the last bit for about one value in six); everything else rounds as libtorch's
    /// kernels do (scalars narrowed to float as libtorch narrows them; lerp as one fused multiply-add; addcmul's
    /// multiply-add fused as GCC contracts it in libtorch's build; addcdiv as (s·m)/d added), so the parameters come
    /// out bit for bit as from <see cref="StepWithKernels"/>. Single-threaded on purpose: each pass takes a fraction
    /// of a millisecond, less than waking a second thread costs.
    /// </summary>
    private void StepFused()
    {
        Steps++;
        var (correction1, correction2) = Corrections();
        double root2 = Math.Sqrt(correction2);
        int count = checked((int)Count);
        fixed (byte* gBytes = gradients.bytes, mBytes = firstMoment.bytes, vBytes = secondMoment.bytes, dBytes = denominator.bytes)
        {
            UpdateMoments((float*)gBytes, (float*)mBytes, (float*)vBytes, (float*)dBytes, count);
        }
        denominator.sqrt_();
        fixed (byte* pBytes = parameters.bytes, mBytes = firstMoment.bytes, dBytes = denominator.bytes)
        {
            UpdateParameters((float*)pBytes, (float*)mBytes, (float*)dBytes, count, (float)(Epsilon * root2),
                (float)(-learningRate * root2 / correction1));
        }
    }

    /// <summary>m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g², also copied to <paramref name="d"/> for the sqrt.</summary>
    private static void UpdateMoments(float* g, float* m, float* v, float* d, int count)
    {
        float weight = (float)(1 - Beta1), beta2 = (float)Beta2, oneMinusBeta2 = (float)(1 - Beta2);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            var b2 = Vector256.Create(beta2);
            var c2 = Vector256.Create(oneMinusBeta2);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.Load(g + i);
                var mi = Vector256.Load(m + i);
                Vector256.FusedMultiplyAdd(w, gi - mi, mi).Store(m + i);
                var vi = Vector256.FusedMultiplyAdd(c2 * gi, gi, Vector256.Load(v + i) * b2);
                vi.Store(v + i);
                vi.Store(d + i);
            }
        }
        for (; i < count; i++)
        {
            float gi = g[i];
            m[i] = MathF.FusedMultiplyAdd(weight, gi - m[i], m[i]);
            d[i] = v[i] = MathF.FusedMultiplyAdd(oneMinusBeta2 * gi, gi, v[i] * beta2);
        }
    }

    /// <summary>p ← p + s·m / (√v + ε′), <paramref name="d"/> holding √v.</summary>
    private static void UpdateParameters(float* p, float* m, float* d, int count, float epsilon, float scale)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var e = Vector256.Create(epsilon);
            var s = Vector256.Create(scale);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.Load(p + i) + (s * Vector256.Load(m + i) / (Vector256.Load(d + i) + e))).Store(p + i);
            }
        }
        for (; i < count; i++)
        {
            p[i] += scale * m[i] / (d[i] + epsilon);
        }
    }
}
