using System.Globalization;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Evaluation.Figures;
using VaeOnnx.Inference;

namespace VaeOnnx.Evaluation.Zoo;

/// <summary>
/// <c>vae-evaluate compare</c>: the zoo side by side. Reads <see cref="ArtifactNames.ZooSummary"/>, runs every member's
/// ONNX model on the same test digits and the same prior codes, and writes <see cref="ZooPages.MarkdownFile"/>,
/// <see cref="ArtifactNames.ReportHtml"/>, <see cref="ZooReconstructionsFigure.FileName"/> and
/// <see cref="ZooSamplesFigure.FileName"/> into the zoo folder, each atomically.
/// A member whose model or report folder is missing is left out with one line on <c>error</c> and named on the pages,
/// so one failed member does not hide the others; when no member is left the run fails (exit 2).
/// </summary>
public static class ZooComparison
{
    /// <summary>
    /// Test images shown in <see cref="ZooReconstructionsFigure"/>: in MNIST's test set the first 0, 1, …, 7
    /// (labels 0–7 in that order), fixed so every run and every member shows the same digits.
    /// </summary>
    public static IReadOnlyList<int> TestIndices { get; } = [3, 2, 1, 18, 4, 8, 11, 0];

    /// <summary>Compares the members; returns the members shown.</summary>
    /// <exception cref="DataFileException">zoo.json is missing, unreadable or empty, no member can be shown, or the data cannot be read.</exception>
    public static IReadOnlyList<ZooMember> Run(CompareOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var rows = ReadRows(Path.Combine(options.ZooDirectory, ArtifactNames.ZooSummary));
        var shown = new List<ZooMember>();
        var leftOut = new List<(string Name, string Reason)>();
        foreach (var row in rows)
        {
            var member = new ZooMember(row, Path.Combine(options.ModelsRoot, row.Name), Path.Combine(options.ZooDirectory, row.Name));
            if (member.Problem() is { } problem)
            {
                error.WriteLine($"{Cli.EvaluateCommand.Program} compare: member {row.Name} left out: {problem}");
                leftOut.Add((row.Name, problem));
            }
            else
            {
                shown.Add(member);
            }
        }
        if (shown.Count == 0)
        {
            throw new DataFileException(options.ModelsRoot, $"none of the {rows.Count} members of {ArtifactNames.ZooSummary} has its model and report folders")
            {
                Hint = "run `make zoo` first",
            };
        }

        var test = MnistDataset.Load(options.DataDirectory, DatasetSplit.Test);
        if (TestIndices.Max() >= test.Count)
        {
            throw new DataFileException(options.DataDirectory, $"the test set holds {test.Count} images, the comparison shows test image {TestIndices.Max()}");
        }
        var image = new ImageShape(1, test.Rows, test.Columns);
        var originals = new float[TestIndices.Count * image.Size];
        var labels = TestIndices.Select(i => (int)test.Labels[i]).ToArray();
        for (int k = 0; k < TestIndices.Count; k++)
        {
            PixelScaling.ToUnit(test.Image(TestIndices[k]), originals.AsSpan(k * image.Size, image.Size));
        }

        var reconstructions = new List<(string Name, float[] Images)>();
        var samples = new List<(string Name, float[] Images)>();
        var modelOptions = new VaeModelOptions { Device = options.Device, IntraOpThreads = options.Threads };
        foreach (var member in shown)
        {
            using var model = VaeModel.Load(member.ModelDirectory, modelOptions, output.WriteLine);
            var z = LatentSampling.StandardNormal(ZooSamplesFigure.Samples, model.LatentDim, options.Seed);
            if (model.Signature.IsConditional)
            {
                // The true label for a reconstruction; the samples cycle through the classes (0, 1, …, 9 for MNIST).
                reconstructions.Add((member.Row.Name, model.Reconstruct(originals, labels)));
                int classes = model.Signature.Conditioning.Classes;
                samples.Add((member.Row.Name, model.Decode(z, [.. Enumerable.Range(0, ZooSamplesFigure.Samples).Select(k => k % classes)])));
            }
            else
            {
                reconstructions.Add((member.Row.Name, model.Reconstruct(originals)));
                samples.Add((member.Row.Name, model.Decode(z)));
            }
        }

        string dir = options.ZooDirectory;
        Write(output, Path.Combine(dir, ZooReconstructionsFigure.FileName), ZooReconstructionsFigure.Render(originals, labels, reconstructions, image));
        Write(output, Path.Combine(dir, ZooSamplesFigure.FileName), ZooSamplesFigure.Render(samples, image, options.Seed));
        Write(output, Path.Combine(dir, ZooPages.MarkdownFile), ZooPages.Markdown(shown, leftOut, options.Seed));
        Write(output, Path.Combine(dir, ArtifactNames.ReportHtml), ZooPages.Html(shown, leftOut, options.Seed));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compared {shown.Count} of {rows.Count} members"));
        return shown;
    }

    private static IReadOnlyList<ZooRow> ReadRows(string path)
    {
        if (!File.Exists(path))
        {
            throw new DataFileException(path, "not found") { Hint = "run `make zoo` (vae-bench zoo), which writes it" };
        }
        IReadOnlyList<ZooRow> rows;
        try
        {
            rows = ZooRow.Parse(File.ReadAllText(path), path);
        }
        catch (FormatException e)
        {
            // Parse was given the path, so its message starts with "<path>: "; the exception adds that prefix itself.
            throw new DataFileException(path, e.Message[(path.Length + 2)..], e);
        }
        return rows.Count == 0 ? throw new DataFileException(path, "holds no members") : rows;
    }

    private static void Write(TextWriter output, string path, byte[] png)
    {
        AtomicFile.WriteAllBytes(path, png);
        output.WriteLine($"wrote {path}");
    }

    private static void Write(TextWriter output, string path, string text)
    {
        AtomicFile.WriteAllText(path, text);
        output.WriteLine($"wrote {path}");
    }
}
