using TorchSharp;
using VaeOnnx.Data;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>A split held as one float tensor [N, pixels] in [0,1] on the training device: no per-sample work.</summary>
internal sealed class TensorDataset : IDisposable
{
    private TensorDataset(Tensor images, int count)
    {
        Images = images;
        Count = count;
    }

    /// <summary>Images [N, pixels], pixel/255.</summary>
    public Tensor Images { get; }

    public int Count { get; }

    public static TensorDataset From(LabeledImages images, Device device)
    {
        // One bulk copy of the bytes, then scale on the tensor side: 60k images in ~0.2 s.
        using var bytes = tensor(images.Pixels, [images.Count, images.PixelsPerImage], ScalarType.Byte);
        var floats = bytes.to_type(ScalarType.Float32).div_(PixelScaling.Divisor);
        var onDevice = device.type == DeviceType.CPU ? floats : floats.to(device);
        if (!ReferenceEquals(onDevice, floats))
        {
            floats.Dispose();
        }
        return new TensorDataset(onDevice, images.Count);
    }

    public void Dispose() => Images.Dispose();
}
