using Microsoft.ML.OnnxRuntime;
using VaeOnnx.Contract;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Export;

// The parity check: the exported files in ONNX Runtime against the TorchSharp forward pass.
public static partial class VaeOnnxExport
{
    private static ParityReport CheckParity(Vae model, string encoderPath, string decoderPath, TensorDataset test, int seed, double tolerance)
    {
        var outputs = new List<OutputParity>();
        var signature = model.Signature;
        var names = signature.Tensors;
        using (NewDisposeScope())
        using (no_grad())
        {
            Device device = model.parameters().First().device;
            int imageCount = Math.Min(ParitySamples, test.Count);
            Tensor images = test.Images.narrow(0, 0, imageCount).to_type(ScalarType.Float32).cpu().contiguous();
            Tensor? imageLabels = test.Labels?.narrow(0, 0, imageCount).cpu().contiguous();
            (Tensor mu, Tensor logVar) = model.Encoder.call(images.to(device), model.Condition(imageLabels?.to(device)));
            using (InferenceSession encoder = OpenSession(encoderPath))
            {
                var inputs = Inputs(names.EncoderInput, images, signature.Image.WithBatch(imageCount), names.Label, imageLabels);
                Dictionary<string, float[]> onnx = Run(encoder, inputs, [names.Mu, names.LogVar]);
                outputs.Add(new OutputParity("encoder", names.Mu, imageCount, MaxAbsDiff(Values(mu), onnx[names.Mu])));
                outputs.Add(new OutputParity("encoder", names.LogVar, imageCount, MaxAbsDiff(Values(logVar), onnx[names.LogVar])));
            }

            // A CPU generator: the same seed gives the same latents (and labels) whatever device the model is on.
            using var generator = new Generator((ulong)seed);
            Tensor z = randn([ParitySamples, model.LatentSize], generator: generator);
            Tensor? labels = signature.IsConditional
                ? randint(0, signature.Conditioning.Classes, [ParitySamples], generator: generator, dtype: ScalarType.Int64)
                : null;
            Tensor means = sigmoid(model.Decoder.call(z.to(device), model.Condition(labels?.to(device))));
            using (InferenceSession decoder = OpenSession(decoderPath))
            {
                var inputs = Inputs(names.DecoderInput, z.contiguous(), [ParitySamples, model.LatentSize], names.Label, labels);
                Dictionary<string, float[]> onnx = Run(decoder, inputs, [names.DecoderOutput]);
                outputs.Add(new OutputParity("decoder", names.DecoderOutput, ParitySamples, MaxAbsDiff(Values(means), onnx[names.DecoderOutput])));
            }
        }
        // "<=" is false for NaN, so a model that produces NaN never passes.
        bool passed = outputs.All(o => o.MaxAbsDiff <= tolerance);
        return new ParityReport(outputs, tolerance, passed, OrtEnv.Instance().GetVersionString());
    }

    /// <summary>The graph's main input, and its label input when the model is conditional.</summary>
    private static List<(string Name, OrtValue Value)> Inputs(string name, Tensor values, long[] shape, string labelName, Tensor? labels)
    {
        var inputs = new List<(string, OrtValue)> { (name, OrtValue.CreateTensorValueFromMemory(values.data<float>().ToArray(), shape)) };
        if (labels is not null)
        {
            inputs.Add((labelName, OrtValue.CreateTensorValueFromMemory(labels.data<long>().ToArray(), [labels.shape[0]])));
        }
        return inputs;
    }

    /// <summary>Opens an ONNX file in ONNX Runtime (CPU), turning a load failure into a one-line error naming the file.</summary>
    private static InferenceSession OpenSession(string path)
    {
        // One thread: the check is a few hundred rows, and the trainer may share the machine with other work.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load '{path}': {string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries))}", e);
        }
    }

    private static Dictionary<string, float[]> Run(InferenceSession session, List<(string Name, OrtValue Value)> inputs, string[] outputNames)
    {
        try
        {
            using var runOptions = new RunOptions();
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [.. inputs.Select(i => i.Name)], [.. inputs.Select(i => i.Value)], outputNames);
            var outputs = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < outputNames.Length; i++)
            {
                outputs[outputNames[i]] = results[i].GetTensorDataAsSpan<float>().ToArray();
            }
            return outputs;
        }
        finally
        {
            foreach (var (_, value) in inputs)
            {
                value.Dispose();
            }
        }
    }

    private static float[] Values(Tensor tensor) => tensor.cpu().contiguous().data<float>().ToArray();

    /// <summary>Largest |a-b|; NaN if any value on either side is NaN (Math.Max would hide NaN only on one argument order).</summary>
    private static double MaxAbsDiff(float[] expected, float[] actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidDataException($"ONNX Runtime returned {actual.Length} values where TorchSharp returned {expected.Length}.");
        }
        double max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)expected[i] - actual[i]);
            if (double.IsNaN(diff))
            {
                return double.NaN;
            }
            max = Math.Max(max, diff);
        }
        return max;
    }
}
