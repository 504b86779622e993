using Microsoft.ML.OnnxRuntime;
using VaeOnnx.Contract;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Export;

// The parity check: the exported files in ONNX Runtime against the TorchSharp forward pass.
public static partial class VaeOnnxExport
{
    private static ParityReport CheckParity(Vae model, string encoderPath, string decoderPath, Tensor testImages, int seed, double tolerance)
    {
        var outputs = new List<OutputParity>();
        var names = model.Signature.Tensors;
        using (NewDisposeScope())
        using (no_grad())
        {
            Device device = model.parameters().First().device;
            int imageCount = (int)Math.Min(ParitySamples, testImages.shape[0]);
            Tensor images = testImages.narrow(0, 0, imageCount).to_type(ScalarType.Float32).cpu().contiguous();
            (Tensor mu, Tensor logVar) = model.Encoder.call(images.to(device));
            using (InferenceSession encoder = OpenSession(encoderPath))
            {
                long[] shape = model.Signature.Image.WithBatch(imageCount);
                Dictionary<string, float[]> onnx = Run(encoder, names.EncoderInput, images.data<float>().ToArray(), shape, [names.Mu, names.LogVar]);
                outputs.Add(new OutputParity("encoder", names.Mu, imageCount, MaxAbsDiff(Values(mu), onnx[names.Mu])));
                outputs.Add(new OutputParity("encoder", names.LogVar, imageCount, MaxAbsDiff(Values(logVar), onnx[names.LogVar])));
            }

            // A CPU generator: the same seed gives the same latents whatever device the model is on.
            using var generator = new Generator((ulong)seed);
            Tensor z = randn([ParitySamples, model.LatentSize], generator: generator);
            Tensor means = sigmoid(model.Decoder.call(z.to(device)));
            using (InferenceSession decoder = OpenSession(decoderPath))
            {
                Dictionary<string, float[]> onnx = Run(decoder, names.DecoderInput, z.contiguous().data<float>().ToArray(), [ParitySamples, model.LatentSize], [names.DecoderOutput]);
                outputs.Add(new OutputParity("decoder", names.DecoderOutput, ParitySamples, MaxAbsDiff(Values(means), onnx[names.DecoderOutput])));
            }
        }
        // "<=" is false for NaN, so a model that produces NaN never passes.
        bool passed = outputs.All(o => o.MaxAbsDiff <= tolerance);
        return new ParityReport(outputs, tolerance, passed, OrtEnv.Instance().GetVersionString());
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

    private static Dictionary<string, float[]> Run(InferenceSession session, string inputName, float[] input, long[] shape, string[] outputNames)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [inputName], [value], outputNames);
        var outputs = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int i = 0; i < outputNames.Length; i++)
        {
            outputs[outputNames[i]] = results[i].GetTensorDataAsSpan<float>().ToArray();
        }
        return outputs;
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
