using System.CommandLine;
using System.Globalization;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Evaluation.Classification;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Cli;

/// <summary>
/// The command line of <c>vae-evaluate</c>, as a testable function. The options and their defaults come from
/// <see cref="EvaluationOptions"/> and the shared declarations; <see cref="CliRunner"/> parses them (help,
/// <c>--version</c>, typo suggestions) and turns every failure into one line and the exit code of
/// <see cref="ErrorPolicy"/>. A run prints each stage as it ends and closes with <see cref="SummaryTable"/>.
/// </summary>
public sealed class EvaluateCommand
{
    /// <summary>The program's name in messages.</summary>
    public const string Program = "vae-evaluate";

    /// <summary>What <c>--sample-size</c> takes for every test image.</summary>
    public const string AllImages = "all";

    private readonly EvaluationOptions _defaults = new();
    private readonly Option<string> _models;
    private readonly Option<string> _data;
    private readonly Option<string> _out;
    private readonly Option<string> _sampleSize;
    private readonly Option<int> _trees;
    private readonly Option<ClassifierSelection> _classifier;
    private readonly Option<ClassifierProtocol> _protocol;
    private readonly Option<bool> _tsne;
    private readonly Option<bool> _noTsne;
    private readonly Option<double> _perplexity;
    private readonly Option<int> _seed;
    private readonly Option<ExecutionDevice> _device;
    private readonly Option<int> _threads;

    private EvaluateCommand()
    {
        _models = SharedOptions.Models($"model folder ({ArtifactNames.Encoder}, {ArtifactNames.Decoder}, {ArtifactNames.History}, {ArtifactNames.Classifier} when there)");
        _data = SharedOptions.Data();
        _out = SharedOptions.OutFolder(_defaults.OutputDirectory, "output folder for figures, tables and the report");
        _sampleSize = SampleSize(_defaults.SampleSize);
        _trees = CliOptions.Int("--trees", "trees per one-vs-rest forest", _defaults.Trees, 1, 10_000);
        _classifier = CliOptions.Choice("--classifier",
            $"classifiers on μ: the forest, the logistic regression, the trainer's MLP ({ArtifactNames.Classifier}), or all (the MLP is reported unavailable without that file)",
            _defaults.Classifier);
        _protocol = CliOptions.Choice("--classifier-protocol",
            "fit on the train latents and score the test latents, or a seeded 80/20 split of the test latents", _defaults.Protocol);
        _tsne = CliOptions.Flag("--tsne", "add the t-SNE view for a 2-D latent space too (it runs by default when the latent space has more dimensions)");
        _noTsne = CliOptions.Flag("--no-tsne", "no t-SNE view (PCA only)");
        _perplexity = CliOptions.Double("--tsne-perplexity", "perplexity of the t-SNE (effective neighbours per point)", _defaults.TSnePerplexity, 2, 1000);
        _seed = SharedOptions.Seed(_defaults.Seed, "seed of the classifiers, the test split and the generated samples");
        _device = SharedOptions.Device();
        _threads = SharedOptions.Threads(_defaults.Threads, "threads for ONNX Runtime, the classifiers, the t-SNE and the metrics, 0 = all cores");
    }

    /// <summary>Runs <c>vae-evaluate</c> on <paramref name="args"/>; returns the process exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="backendFactory">Opens the model (ONNX Runtime in the program, stand-ins in tests).</param>
    /// <param name="npy">Writes the <c>.npy</c> arrays.</param>
    /// <param name="output">Standard output (stages, summary, help); the console when null.</param>
    /// <param name="error">Standard error (the one-line messages); the console when null.</param>
    public static int Run(IReadOnlyList<string> args, VaeBackendFactory backendFactory, INpyWriter npy,
        TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(backendFactory);
        ArgumentNullException.ThrowIfNull(npy);
        return CliRunner.Run(new EvaluateCommand().Root(backendFactory, npy), Program, args, output, error);
    }

    private RootCommand Root(VaeBackendFactory backendFactory, INpyWriter npy)
    {
        var root = new RootCommand(
            $"{Program}: evaluate a trained VAE ({ArtifactNames.Encoder} / {ArtifactNames.Decoder}) on MNIST through ONNX Runtime.\n" +
            "Latents (μ) of every train and test image (a conditional model encodes each under its label); PCA and t-SNE views\n" +
            "with their trustworthiness and 1-NN accuracy; a RandomForest, a logistic regression (ML.NET) and the trainer's MLP on μ\n" +
            "with accuracy, precision/recall/F1, confusion matrix and one-vs-rest ROC-AUC; SSIM/PSNR/MSE of the reconstructions\n" +
            $"decoder(μ); twelve figures (fourteen for a conditional model); all written with {ArtifactNames.Metrics}, {ArtifactNames.ReportMarkdown} and {ArtifactNames.ReportHtml}.\n" +
            $"`{Program} compare` draws the zoo (`make zoo`) side by side.\n" +
            "Exit codes: 0 done, 2 bad options, missing or corrupt models or data, or an unwritable --out, 1 failure.");
        foreach (Option option in new Option[] { _models, _data, _out, _sampleSize, _classifier, _trees, _protocol, _tsne, _noTsne, _perplexity, _seed, _device, _threads })
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(Zoo.CompareCommand.Create());
        root.Validators.Add(result =>
        {
            if (result.GetValue(_tsne) && result.GetValue(_noTsne))
            {
                result.AddError($"{_tsne.Name} and {_noTsne.Name} exclude each other");
            }
        });
        root.SetAction(result =>
        {
            var output = result.Out();
            var evaluation = new EvaluationPipeline(ToOptions(result), backendFactory, npy, output.WriteLine).Run();
            SummaryTable.Write(evaluation, output);
            return ExitCodes.Success;
        });
        return root;
    }

    private EvaluationOptions ToOptions(ParseResult result)
    {
        // The parser has accepted the text, so this only converts it.
        _ = TryParseSampleSize(result.GetValue(_sampleSize)!, out int? sampleSize);
        return new EvaluationOptions
        {
            ModelDirectory = result.GetValue(_models)!,
            DataDirectory = result.GetValue(_data)!,
            OutputDirectory = result.GetValue(_out)!,
            SampleSize = sampleSize,
            Classifier = result.GetValue(_classifier),
            Trees = result.GetValue(_trees),
            Protocol = result.GetValue(_protocol),
            TSne = result.GetValue(_noTsne) ? TSneMode.Never : result.GetValue(_tsne) ? TSneMode.Always : TSneMode.Auto,
            TSnePerplexity = result.GetValue(_perplexity),
            Seed = result.GetValue(_seed),
            Device = result.GetValue(_device),
            Threads = result.GetValue(_threads),
        };
    }

    /// <summary>
    /// <c>--sample-size N|all</c>. A text option, because System.CommandLine cannot take null (all) from a parser of
    /// <c>int?</c>; <see cref="TryParseSampleSize"/> checks it while parsing and converts it afterwards.
    /// </summary>
    private static Option<string> SampleSize(int? defaultValue)
    {
        var option = CliOptions.Text("--sample-size", $"reconstruction metrics over the first N test images, or {AllImages}",
            defaultValue?.ToString(CultureInfo.InvariantCulture) ?? AllImages, $"N|{AllImages}");
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!TryParseSampleSize(text, out _))
            {
                result.AddError($"{option.Name}: '{text}' is not a count of 1 or more, or {AllImages}");
            }
            return text;
        };
        return option;
    }

    /// <summary>A <c>--sample-size</c> value as a count of images, or null for <see cref="AllImages"/>.</summary>
    private static bool TryParseSampleSize(string text, out int? size)
    {
        size = null;
        if (text.Equals(AllImages, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1)
        {
            size = count;
            return true;
        }
        return false;
    }
}
