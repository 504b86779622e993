using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using VaeOnnx.Data;

namespace VaeOnnx.Inference;

// Argument checks: lengths, ranges, finite latents; ArgumentException, never a native crash.
public sealed partial class VaeModel
{
    private int CheckImageCount(int length, string paramName)
    {
        if (length == 0)
        {
            throw new ArgumentException("no images given (empty input)", paramName);
        }
        if (length % ImageSize != 0)
        {
            throw new ArgumentException($"{length} values is not a whole number of images ({ImageSize} = {Signature.Image.Channels}×{Signature.Image.Height}×{Signature.Image.Width} values each)", paramName);
        }
        return length / ImageSize;
    }

    private int CheckImages(ReadOnlySpan<float> images, string paramName)
    {
        int count = CheckImageCount(images.Length, paramName);
        if (!PixelScaling.AllInUnitRange(images))
        {
            for (int i = 0; i < images.Length; i++)
            {
                if (!(images[i] >= 0f && images[i] <= 1f))
                {
                    throw new ArgumentException(
                        $"pixel values must lie in [0,1] (scale 8-bit images by 1/255): image {i / ImageSize}, pixel {i % ImageSize} is {images[i].ToString(CultureInfo.InvariantCulture)}",
                        paramName);
                }
            }
        }
        return count;
    }

    private int CheckLatentCount(int length, string paramName)
    {
        if (length == 0)
        {
            throw new ArgumentException("no latent codes given (empty input)", paramName);
        }
        if (length % LatentDim != 0)
        {
            throw new ArgumentException($"{length} values is not a whole number of latent codes ({LatentDim} values each)", paramName);
        }
        return length / LatentDim;
    }

    private int CheckLatents(ReadOnlySpan<float> z, string paramName)
    {
        int count = CheckLatentCount(z.Length, paramName);
        CheckFinite(z, paramName);
        return count;
    }

    private void CheckSingleLatent(ReadOnlySpan<float> z, string paramName)
    {
        if (z.Length != LatentDim)
        {
            throw new ArgumentException($"a latent code has {LatentDim} values, got {z.Length}", paramName);
        }
        CheckFinite(z, paramName);
    }

    private void CheckFinite(ReadOnlySpan<float> z, string paramName)
    {
        // MaxMagnitude is NaN if any value is NaN and ∞ if any is infinite.
        if (!float.IsFinite(TensorPrimitives.MaxMagnitude(z)))
        {
            for (int i = 0; i < z.Length; i++)
            {
                if (!float.IsFinite(z[i]))
                {
                    throw new ArgumentException(
                        $"latent codes must be finite: code {i / LatentDim}, dimension {i % LatentDim} is {z[i].ToString(CultureInfo.InvariantCulture)}",
                        paramName);
                }
            }
        }
    }

    private static void CheckDestination(int length, int needed, string paramName)
    {
        if (length != needed)
        {
            throw new ArgumentException($"destination holds {length} values, need exactly {needed}", paramName);
        }
    }

    /// <summary>
    /// The labels of a call as the int64 codes the graphs take, in a pooled buffer (so the span overloads allocate
    /// nothing): checked for presence against the model's conditioning, count and range 0..K-1 first.
    /// </summary>
    private readonly ref struct LabelCodes
    {
        private readonly long[]? _rented;
        private readonly int _count;

        private LabelCodes(long[] rented, int count)
        {
            _rented = rented;
            _count = count;
        }

        public ReadOnlySpan<long> Span => _rented is null ? default : _rented.AsSpan(0, _count);

        public static LabelCodes Of(VaeModel model, ReadOnlySpan<int> labels, bool labelled, int count)
        {
            var conditioning = model.Signature.Conditioning;
            if (conditioning.IsConditional != labelled)
            {
                throw new ArgumentException(labelled
                    ? "this model takes no labels (it is not conditional)"
                    : $"this model is conditioned on a label in 0..{conditioning.Classes - 1}: pass one label per image or code",
                    nameof(labels));
            }
            if (!labelled)
            {
                return default;
            }
            if (labels.Length != count)
            {
                throw new ArgumentException($"{labels.Length} label{(labels.Length == 1 ? "" : "s")} for {count} image{(count == 1 ? "" : "s")} or codes: give one each", nameof(labels));
            }
            var rented = ArrayPool<long>.Shared.Rent(count);
            for (int i = 0; i < count; i++)
            {
                if ((uint)labels[i] >= (uint)conditioning.Classes)
                {
                    ArrayPool<long>.Shared.Return(rented);
                    throw new ArgumentException($"label {labels[i].ToString(CultureInfo.InvariantCulture)} (item {i}) is outside 0..{conditioning.Classes - 1}", nameof(labels));
                }
                rented[i] = labels[i];
            }
            return new LabelCodes(rented, count);
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<long>.Shared.Return(_rented);
            }
        }
    }
}
