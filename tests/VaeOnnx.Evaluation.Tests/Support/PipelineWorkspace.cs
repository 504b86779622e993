using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Cli;

namespace VaeOnnx.Evaluation.Tests.Support;

/// <summary>
/// A temporary folder for a pipeline test: a synthetic dataset in <c>data/</c>, placeholder model files in
/// <c>models/</c> (the tests' <see cref="FakeVae"/> never reads them), and options pointing at both with <c>out/</c>
/// for the reports, 3 trees and 1 thread so the run stays small.
/// </summary>
internal static class PipelineWorkspace
{
    public static (TempDirectory Dir, EvaluationOptions Options) Create(int train = 200, int test = 120, bool models = true, ImageShape? image = null)
    {
        var dir = new TempDirectory();
        image ??= ImageShape.Mnist;
        SyntheticMnist.Write(dir.Combine("data"), train, test, rows: image.Height, columns: image.Width);
        if (models)
        {
            Directory.CreateDirectory(dir.Combine("models"));
            File.WriteAllText(dir.Combine("models", ArtifactNames.Encoder), "x");
            File.WriteAllText(dir.Combine("models", ArtifactNames.Decoder), "x");
        }
        return (dir, new EvaluationOptions
        {
            ModelDirectory = dir.Combine("models"),
            DataDirectory = dir.Combine("data"),
            OutputDirectory = dir.Combine("out"),
            Trees = 3,
            Threads = 1,
        });
    }
}
