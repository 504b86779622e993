using System.Text;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// A plain C# stand-in for the ONNX model: μ = W·x (seeded random W), decoder = sigmoid(V·z + c). Enough to drive
/// the pipeline end to end without ONNX Runtime. With classes &gt; 0 it is conditional: the label shifts μ and the
/// decoder's bias, and calls without labels (or with labels for an unconditional one) are refused as VaeModel does.
/// With a classifier it offers a stand-in for classifier.onnx (softmax of a seeded linear map of μ).
/// </summary>
public sealed class FakeVae : IVaeBackend
{
    private readonly float[] _w;
    private readonly float[] _v;
    private readonly float[] _c;
    private readonly int _pixels;
    private readonly bool _classifier;

    public FakeVae(int latentDim, int seed = 3, ImageShape? image = null, int classes = 0, bool classifier = false)
    {
        Signature = new VaeSignature
        {
            Architecture = new ArchitectureSpec("fake-linear", 1),
            Image = image ?? ImageShape.Mnist,
            LatentDim = latentDim,
            Conditioning = classes > 0 ? Conditioning.ClassLabel(classes) : Conditioning.None,
        };
        _classifier = classifier;
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

    /// <summary>The labels of each batch of <see cref="Decoded"/> (empty for an unconditional model).</summary>
    public List<int[]> DecodedLabels { get; } = [];

    /// <summary>The labels of every encode call, in order.</summary>
    public List<int[]> EncodedLabels { get; } = [];

    public float[] EncodeMean(ReadOnlySpan<float> images, ReadOnlySpan<int> labels = default)
    {
        EncodeCalls++;
        int n = images.Length / _pixels;
        CheckLabels(labels, n);
        EncodedLabels.Add(labels.ToArray());
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
                mu[(i * LatentDim) + k] = s + (labels.IsEmpty ? 0 : 0.3f * labels[i] * (k + 1));
            }
        }
        return mu;
    }

    public float[] EncodeMean(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels = default)
    {
        var floats = new float[images.Length];
        for (int i = 0; i < images.Length; i++)
        {
            floats[i] = images[i] / 255f;
        }
        return EncodeMean(floats, labels);
    }

    public float[] Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels = default)
    {
        int n = z.Length / LatentDim;
        CheckLabels(labels, n);
        Decoded.Add(z.ToArray());
        DecodedLabels.Add(labels.ToArray());
        var images = new float[n * _pixels];
        for (int i = 0; i < n; i++)
        {
            for (int p = 0; p < _pixels; p++)
            {
                float s = _c[p] + (labels.IsEmpty ? 0 : 0.2f * (labels[i] - 4.5f));
                for (int k = 0; k < LatentDim; k++)
                {
                    s += _v[(k * _pixels) + p] * z[(i * LatentDim) + k];
                }
                images[(i * _pixels) + p] = 1f / (1f + MathF.Exp(-s));
            }
        }
        return images;
    }

    /// <summary>How often the pipeline asked for the exported classifier.</summary>
    public int ClassifierRequests { get; private set; }

    /// <summary>The stand-in classifier handed out last, if any.</summary>
    public FakeScorer? Scorer { get; private set; }

    public ExportedClassifier OpenClassifier()
    {
        ClassifierRequests++;
        Scorer = _classifier ? new FakeScorer(LatentDim) : null;
        return Scorer is null
            ? new ExportedClassifier(null, new DataFileException("models/classifier.onnx", "file not found"))
            : new ExportedClassifier(Scorer, null);
    }

    public void Dispose() => Disposed = true;

    public static VaeBackendFactory Factory(int latentDim, Action<FakeVae>? opened = null, ImageShape? image = null, int classes = 0,
        bool classifier = false) => (EvaluationOptions _, Action<string> _) =>
    {
        var vae = new FakeVae(latentDim, image: image, classes: classes, classifier: classifier);
        opened?.Invoke(vae);
        return vae;
    };

    // As VaeModel: one label per item for a conditional model, none otherwise.
    private void CheckLabels(ReadOnlySpan<int> labels, int count)
    {
        if (Signature.IsConditional ? labels.Length != count : !labels.IsEmpty)
        {
            throw new ArgumentException($"{labels.Length} labels for {count} items of a {(Signature.IsConditional ? "conditional" : "plain")} model", nameof(labels));
        }
    }
}

/// <summary>A stand-in for the trainer's classifier: softmax of a seeded linear map of μ.</summary>
public sealed class FakeScorer(int latentDim) : ILatentScorer
{
    private readonly float[] _w = [.. Enumerable.Range(0, 10 * latentDim).Select(i => (float)Math.Sin(i * 1.7))];

    public int Classes => 10;

    public string Description => "fake linear";

    public bool Disposed { get; private set; }

    public float[] Probabilities(ReadOnlySpan<float> mu)
    {
        int n = mu.Length / latentDim;
        var p = new float[n * 10];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < 10; c++)
            {
                double s = 0;
                for (int k = 0; k < latentDim; k++)
                {
                    s += _w[(c * latentDim) + k] * mu[(i * latentDim) + k];
                }
                p[(i * 10) + c] = (float)Math.Exp(s);
                sum += p[(i * 10) + c];
            }
            for (int c = 0; c < 10; c++)
            {
                p[(i * 10) + c] /= (float)sum;
            }
        }
        return p;
    }

    public void Dispose() => Disposed = true;
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
