using System.Text;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// A plain C# stand-in for the ONNX model: μ = W·x (seeded random W), decoder = sigmoid(V·z + c). Enough to drive
/// the pipeline end to end without ONNX Runtime.
/// </summary>
public sealed class FakeVae : IVaeBackend
{
    private readonly float[] _w;
    private readonly float[] _v;
    private readonly float[] _c;
    private readonly int _pixels;

    public FakeVae(int latentDim, int seed = 3, ImageShape? image = null)
    {
        Signature = new VaeSignature { Architecture = new ArchitectureSpec("fake-linear", 1), Image = image ?? ImageShape.Mnist, LatentDim = latentDim };
        _pixels = Signature.Image.Size;
        var random = new Random(seed);
        _w = [.. Enumerable.Range(0, latentDim * _pixels).Select(_ => (float)((random.NextDouble() - 0.5) * 0.2))];
        _v = [.. Enumerable.Range(0, latentDim * _pixels).Select(_ => (float)((random.NextDouble() - 0.5) * 2))];
        _c = [.. Enumerable.Range(0, _pixels).Select(_ => (float)((random.NextDouble() - 0.5) * 2))];
    }

    public VaeSignature Signature { get; }

    public int LatentDim => Signature.LatentDim;

    public string Provider => "fake";

    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string> { ["architecture"] = "fake linear" };

    public int EncodeCalls { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Every batch of codes given to <see cref="Decode"/>, in order.</summary>
    public List<float[]> Decoded { get; } = [];

    public float[] EncodeMean(ReadOnlySpan<float> images)
    {
        EncodeCalls++;
        int n = images.Length / _pixels;
        var mu = new float[n * LatentDim];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < LatentDim; k++)
            {
                float s = 0;
                for (int p = 0; p < _pixels; p++)
                {
                    s += _w[(k * _pixels) + p] * images[(i * _pixels) + p];
                }
                mu[(i * LatentDim) + k] = s;
            }
        }
        return mu;
    }

    public float[] EncodeMean(ReadOnlySpan<byte> images)
    {
        var floats = new float[images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            floats[i] = images[i] / 255f;
        }
        return EncodeMean(floats);
    }

    public float[] Decode(ReadOnlySpan<float> z)
    {
        Decoded.Add(z.ToArray());
        int n = z.Length / LatentDim;
        var images = new float[n * _pixels];
        for (int i = 0; i < n; i++)
        {
            for (int p = 0; p < _pixels; p++)
            {
                float s = _c[p];
                for (int k = 0; k < LatentDim; k++)
                {
                    s += _v[(k * _pixels) + p] * z[(i * LatentDim) + k];
                }
                images[(i * _pixels) + p] = 1f / (1f + MathF.Exp(-s));
            }
        }
        return images;
    }

    public void Dispose() => Disposed = true;

    public static VaeBackendFactory Factory(int latentDim, Action<FakeVae>? opened = null, ImageShape? image = null) => (EvaluationOptions _, Action<string> _) =>
    {
        var vae = new FakeVae(latentDim, image: image);
        opened?.Invoke(vae);
        return vae;
    };
}

/// <summary>Writes minimal NumPy .npy files (format 1.0) so the tests can read shapes back.</summary>
public sealed class TestNpyWriter : INpyWriter
{
    public Dictionary<string, int[]> Shapes { get; } = [];

    public void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        var bytes = new byte[data.Length * 4];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).CopyTo(bytes);
        Save(path, "<f4", shape, bytes);
    }

    public void Write(string path, ReadOnlySpan<byte> data, ReadOnlySpan<int> shape) => Save(path, "|u1", shape, data.ToArray());

    private void Save(string path, string descr, ReadOnlySpan<int> shape, byte[] payload)
    {
        Shapes[Path.GetFileName(path)] = shape.ToArray();
        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.ToArray());
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        int total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(payload);
    }
}
