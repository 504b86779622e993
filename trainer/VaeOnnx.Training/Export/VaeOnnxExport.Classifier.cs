using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.OnnxExport;
using VaeOnnx.Training.Model;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Export;

// classifier.onnx: the latent classifier with its Softmax, checked in ONNX Runtime before it is renamed into place.
public static partial class VaeOnnxExport
{
    /// <summary>
    /// Writes <paramref name="classifier"/> as <see cref="ArtifactNames.Classifier"/> (see <see cref="LatentClassifierContract"/>)
    /// into <paramref name="outputDirectory"/>, after checking it in ONNX Runtime against TorchSharp's softmax on up to
    /// <see cref="ParitySamples"/> rows of <paramref name="mu"/>; on a failed check nothing is written.
    /// </summary>
    /// <param name="classifier">The fitted classifier.</param>
    /// <param name="vae">Signature of the VAE whose latent space it reads.</param>
    /// <param name="outputDirectory">The model folder.</param>
    /// <param name="info">Run details for the metadata.</param>
    /// <param name="mu">Latent means [M, latent] to check parity on.</param>
    /// <param name="tolerance">Largest absolute difference accepted.</param>
    /// <exception cref="OnnxParityException">A probability differed by more than the tolerance, or was NaN.</exception>
    public static ParityReport ExportClassifier(LatentClassifier classifier, VaeSignature vae, string outputDirectory, VaeExportInfo info, Tensor mu,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(mu);
        bool wasTraining = classifier.training;
        classifier.eval();
        using var file = AtomicFile.Begin(Path.Combine(outputDirectory, ArtifactNames.Classifier));
        try
        {
            BuildClassifier(classifier, vae, info).WriteTo(file.Stream);
            file.Seal();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            int rows = (int)Math.Min(ParitySamples, mu.shape[0]);
            Tensor sample = mu.narrow(0, 0, rows).cpu().contiguous();
            Tensor expected = classifier.call(sample.to(mu.device)).softmax(1);
            double diff;
            using (InferenceSession session = OpenSession(file.TemporaryPath))
            {
                var onnx = Run(session, [(LatentClassifierContract.Input, OrtValue.CreateTensorValueFromMemory(sample.data<float>().ToArray(), [rows, vae.LatentDim]))],
                    [LatentClassifierContract.Output]);
                diff = MaxAbsDiff(Values(expected), onnx[LatentClassifierContract.Output]);
            }
            var report = new ParityReport([new OutputParity("classifier", LatentClassifierContract.Output, rows, diff)], tolerance, diff <= tolerance,
                OrtEnv.Instance().GetVersionString());
            if (!report.Passed)
            {
                throw new OnnxParityException(report, outputDirectory);
            }
            file.Commit();
            return report;
        }
        finally
        {
            classifier.train(wasTraining);
        }
    }

    /// <summary>The classifier graph: <c>mu</c> [N,latent] → <c>probabilities</c> [N,classes] (Softmax of the logits).</summary>
    public static ModelProto BuildClassifier(LatentClassifier classifier, VaeSignature vae, VaeExportInfo info)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(info);
        OnnxDim batch = OnnxMetadataKeys.BatchDimension;
        var g = new OnnxGraphBuilder("latent_classifier");
        OnnxValue mu = g.Input(LatentClassifierContract.Input, [batch, vae.LatentDim]);
        OnnxValue logits = g.Module(classifier.Logits, mu, "logits");
        g.Output(LatentClassifierContract.Output, g.Softmax(logits, 1, "softmax"), [batch, classifier.Classes]);
        string hidden = string.Join(",", classifier.Hidden);
        string doc = $"Latent classifier ({vae.LatentDim} -> {hidden} -> {classifier.Classes}) of the VAE {vae.Describe()}: " +
            $"{LatentClassifierContract.Input} [N,{vae.LatentDim}] -> {LatentClassifierContract.Output} [N,{classifier.Classes}]. Trained on {info.Dataset}.";
        var extra = new Dictionary<string, string>
        {
            [LatentClassifierContract.ClassesKey] = Invariant(classifier.Classes),
            [LatentClassifierContract.HiddenKey] = hidden,
        };
        return g.Build(ModelInfo(vae, info, OnnxMetadataKeys.Roles.Classifier, doc, extra));
    }
}
