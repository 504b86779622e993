namespace VaeOnnx.Benchmarks;

/// <summary>What one <c>vae-bench</c> run is told (see <see cref="BenchmarkCommand"/> for each option).</summary>
/// <param name="Out">Folder of the report (<c>&lt;date&gt;-&lt;host&gt;.json</c> and <c>.md</c>).</param>
/// <param name="Data">MNIST-layout dataset the training figures use.</param>
/// <param name="Epochs">Measured training epochs per thread count, after one warm-up epoch.</param>
/// <param name="Trainer">vae-train.dll for the end-to-end run (null: none).</param>
/// <param name="Evaluator">vae-evaluate.dll for the end-to-end run (null: none).</param>
/// <param name="Vae">vae.dll whose <c>vae bench</c> measures ONNX Runtime (null: skipped).</param>
/// <param name="SkipEndToEnd">Skip the end-to-end runs even when <paramref name="Trainer"/> is given.</param>
/// <param name="Models">A trained model folder to measure instead of training one (null: the default architecture).</param>
/// <param name="ConvImages">Training images per measured epoch of the convolutional member against PyTorch (scaled to 60k).</param>
/// <param name="SoakSeconds">Length of the HTTP soak of <c>vae serve</c> after the load test (0: skipped; needs <paramref name="Vae"/>).</param>
internal sealed record BenchmarkSettings(string Out, string Data, int Epochs, string? Trainer, string? Evaluator, string? Vae, bool SkipEndToEnd,
    string? Models, int ConvImages, int SoakSeconds);
