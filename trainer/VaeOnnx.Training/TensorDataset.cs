using TorchSharp;
using VaeOnnx.Data;
using static TorchSharp.torch;

namespace VaeOnnx.Training;

/// <summary>
/// A split held as tensors on the training device: images as one float tensor [N, pixels] in [0,1] and, for a
/// conditional model, the labels as int64 [N]. Batches are gathered by index, with no per-sample work.
/// </summary>
public sealed class TensorDataset : IDisposable
{
    private TensorDataset(Tensor images, Tensor? labels, int count)
    {
        Images = images;
        Labels = labels;
        Count = count;
    }

    /// <summary>Images [N, pixels], pixel/255.</summary>
    public Tensor Images { get; }

    /// <summary>Labels int64 [N], when the model is conditioned on them; else null.</summary>
    public Tensor? Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Copies <paramref name="images"/> to <paramref name="device"/>, with their labels when <paramref name="withLabels"/>.</summary>
    public static TensorDataset From(LabeledImages images, Device device, bool withLabels = false)
    {
        // One bulk copy of the bytes, then scale on the tensor side: 60k images in ~0.2 s.
        using var bytes = tensor(images.Pixels, [images.Count, images.PixelsPerImage], ScalarType.Byte);
        var floats = bytes.to_type(ScalarType.Float32).div_(PixelScaling.Divisor);
        Tensor? labels = null;
        if (withLabels)
        {
            using var raw = tensor(images.Labels, ScalarType.Byte);
            labels = raw.to_type(ScalarType.Int64).to(device);
        }
        return new TensorDataset(OnDevice(floats, device), labels, images.Count);
    }

    /// <summary>A split over tensors already made (images [N, pixels] in [0,1], labels int64 [N] or null); disposing it disposes them.</summary>
    public static TensorDataset Of(Tensor images, Tensor? labels = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() < 1 || (labels is not null && (labels.dim() != 1 || labels.shape[0] != images.shape[0])))
        {
            throw new ArgumentException($"need images [N, pixels] and N labels, got [{string.Join(",", images.shape)}] and {(labels is null ? "none" : $"[{string.Join(",", labels.shape)}]")}", nameof(labels));
        }
        return new TensorDataset(images, labels, (int)images.shape[0]);
    }

    private static Tensor OnDevice(Tensor tensor, Device device)
    {
        if (device.type == DeviceType.CPU)
        {
            return tensor;
        }
        using (tensor)
        {
            return tensor.to(device);
        }
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
