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

    private int CheckLatents(ReadOnlySpan<float> z, string paramName)
    {
        if (z.Length == 0)
        {
            throw new ArgumentException("no latent codes given (empty input)", paramName);
        }
        if (z.Length % LatentDim != 0)
        {
            throw new ArgumentException($"{z.Length} values is not a whole number of latent codes ({LatentDim} values each)", paramName);
        }
        CheckFinite(z, paramName);
        return z.Length / LatentDim;
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
}
