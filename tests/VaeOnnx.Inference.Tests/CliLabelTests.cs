using System.Text.Json;
using VaeOnnx.Data;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

/// <summary><c>--digit</c> and <c>--labels</c> on every verb that encodes or decodes: a conditional model needs one, an unconditional one refuses both.</summary>
public sealed class CliLabelTests(ConditionalModelFixture conditional, TinyModelFixture plain)
    : IClassFixture<ConditionalModelFixture>, IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private VaeModel Cvae => conditional.Model;

    /// <summary>Runs a verb on the conditional tiny model, one thread, CPU.</summary>
    private (int Code, string Out, string Err) OnConditional(params string[] args) =>
        CliTests.Vae([.. args, "--models", conditional.ModelDirectory, "--threads", "1", "--device", "cpu"]);

    private (int Code, string Out, string Err) OnPlain(params string[] args) =>
        CliTests.Vae([.. args, "--models", plain.ModelDirectory, "--threads", "1", "--device", "cpu"]);

    private string Images(int count, int seed)
    {
        string path = _temp.File($"images-{count}-{seed}.idx.gz");
        TestImages.WriteIdx(path, TestImages.RandomBytes(count, seed), gzip: true);
        return path;
    }

    private float[] ReadNpy(string name) => NpyFile.ReadFloat32(_temp.File(name)).Data;

    [Fact]
    public void Generate_Digit_EqualsLibrarySampleUnderThatLabel()
    {
        CliTests.AssertOk(OnConditional("generate", "-n", "6", "--seed", "7", "--digit", "7", "--out", _temp.File("sevens.npy")));

        Assert.Equal(Cvae.Sample(6, seed: 7, label: 7), ReadNpy("sevens.npy"));
    }

    [Fact]
    public void Generate_LabelsListWithoutCount_DrawsOneImagePerLabel()
    {
        CliTests.AssertOk(OnConditional("generate", "--labels", "3,1,4", "--seed", "9", "--out", _temp.File("pi.npy")));

        Assert.Equal(Cvae.Decode(Cvae.SampleLatents(3, seed: 9), [3, 1, 4]), ReadNpy("pi.npy"));
    }

    [Fact]
    public void Generate_LabelsAndCountDisagree_ExitsTwoNamingLabels()
    {
        string line = CliTests.AssertUsageError(OnConditional("generate", "-n", "5", "--labels", "3,1,4", "--out", _temp.File("g.png")));

        Assert.Equal("vae: --labels: 3 labels for 5 images: give one per image, or --digit D for all", line);
        Assert.False(File.Exists(_temp.File("g.png")));
    }

    [Fact]
    public void Encode_LabelsFromIdxFile_EqualsLibraryEncodeUnderThoseLabels()
    {
        TestLabels.WriteIdx(_temp.File("labels.idx.gz"), [2, 7, 1, 8], gzip: true);

        CliTests.AssertOk(OnConditional("encode", "--images", Images(4, seed: 21), "--labels", _temp.File("labels.idx.gz"), "--out", _temp.File("z.npy")));

        var expected = Cvae.Encode(TestImages.RandomBytes(4, seed: 21), [2, 7, 1, 8]);
        Assert.Equal(expected.Mu, ReadNpy("z.npy"));
        Assert.Equal(expected.LogVar, ReadNpy("z.logvar.npy"));
    }

    [Fact]
    public void Encode_LimitWithLabelsFile_TakesTheFirstLabelsToo()
    {
        TestLabels.WriteIdx(_temp.File("labels.idx"), [2, 7, 1, 8], gzip: false);

        CliTests.AssertOk(OnConditional("encode", "--images", Images(4, seed: 22), "--labels", _temp.File("labels.idx"), "--limit", "3",
            "--out", _temp.File("z.npy")));

        Assert.Equal(Cvae.Encode(TestImages.RandomBytes(4, seed: 22).AsSpan(0, 3 * 784), [2, 7, 1]).Mu, ReadNpy("z.npy"));
    }

    [Theory]
    [InlineData("|u1")]
    [InlineData("<i4")]
    [InlineData("<i8")]
    [InlineData(">i8")]
    [InlineData("<u2")]
    public void Encode_LabelsFromIntegerNpy_EqualsTheSameLabelsGivenAsAList(string dtype)
    {
        string images = Images(3, seed: 23);
        TestLabels.WriteNpy(_temp.File("labels.npy"), [9, 0, 5], dtype);

        CliTests.AssertOk(OnConditional("encode", "--images", images, "--labels", _temp.File("labels.npy"), "--out", _temp.File("file.csv")));
        CliTests.AssertOk(OnConditional("encode", "--images", images, "--labels", "9,0,5", "--out", _temp.File("list.csv")));

        Assert.Equal(File.ReadAllText(_temp.File("list.csv")), File.ReadAllText(_temp.File("file.csv")));
    }

    [Fact]
    public void Reconstruct_Digit_EqualsLibraryReconstructUnderThatLabel()
    {
        CliTests.AssertOk(OnConditional("reconstruct", "--images", Images(3, seed: 24), "--digit", "6", "--out", _temp.File("rec.npy")));

        Assert.Equal(Cvae.Reconstruct(TestImages.RandomBytes(3, seed: 24), [6, 6, 6]), ReadNpy("rec.npy"));
    }

    [Fact]
    public void Decode_LabelsPerCode_EqualsLibraryDecode()
    {
        CliTests.AssertOk(OnConditional("decode", "--z", "0,0; 1,-1", "--labels", "4,9", "--out", _temp.File("d.npy")));

        Assert.Equal(Cvae.Decode([0f, 0f, 1f, -1f], [4, 9]), ReadNpy("d.npy"));
    }

    [Fact]
    public void Interpolate_DigitByIndex_EncodesAndDecodesUnderThatLabel()
    {
        CliTests.AssertOk(OnConditional("interpolate", "--images", Images(3, seed: 25), "--from-index", "0", "--to-index", "2", "--steps", "5",
            "--digit", "3", "--out", _temp.File("strip.npy")));

        var bytes = TestImages.RandomBytes(3, seed: 25);
        var from = Cvae.Encode(bytes.AsSpan(0, 784), [3]).Mu;
        var to = Cvae.Encode(bytes.AsSpan(2 * 784, 784), [3]).Mu;
        Assert.Equal(Cvae.Interpolate(from, to, 5, label: 3), ReadNpy("strip.npy"));
    }

    [Fact]
    public void Interpolate_LabelsPerStep_DecodesEachStepUnderItsLabel()
    {
        CliTests.AssertOk(OnConditional("interpolate", "--from-z", "-1,-1", "--to-z", "1,1", "--steps", "3", "--labels", "2,5,8",
            "--out", _temp.File("strip.npy")));

        Assert.Equal(Cvae.Decode(Cvae.InterpolateLatents([-1f, -1f], [1f, 1f], 3), [2, 5, 8]), ReadNpy("strip.npy"));
    }

    [Fact]
    public void Manifold_Digit_DecodesThePlaneUnderThatLabel()
    {
        CliTests.AssertOk(OnConditional("manifold", "--grid", "3", "--digit", "1", "--out", _temp.File("m.npy")));

        Assert.Equal(Cvae.Decode(LatentGrid.Plane(2, 3), [.. Enumerable.Repeat(1, 9)]), ReadNpy("m.npy"));
    }

    [Theory]
    [InlineData("encode --images IMAGES --out x.npy")]
    [InlineData("decode --z 0,0 --out x.png")]
    [InlineData("reconstruct --images IMAGES --out x.png")]
    [InlineData("generate --out x.png")]
    [InlineData("interpolate --from-z 0,0 --to-z 1,1 --out x.png")]
    [InlineData("manifold --grid 2 --out x.png")]
    public void ConditionalModel_NoLabel_ExitsTwoNamingDigitAndLabels(string command)
    {
        string line = CliTests.AssertUsageError(OnConditional(Args(command)));

        Assert.Equal("vae: this model is conditioned on a label in 0..9: give --digit D (one for all) or --labels FILE|LIST (one per image or code)", line);
        Assert.False(File.Exists(_temp.File("x.png")) || File.Exists(_temp.File("x.npy")));
    }

    [Theory]
    [InlineData("generate --out x.png --digit 3", "--digit")]
    [InlineData("decode --z 0,0 --out x.png --labels 3", "--labels")]
    [InlineData("encode --images IMAGES --out x.npy --labels LABELS", "--labels")]
    public void UnconditionalModel_DigitOrLabels_ExitsTwoSayingItTakesNoLabel(string command, string option)
    {
        TestLabels.WriteIdx(_temp.File("labels.idx"), [1], gzip: false);

        string line = CliTests.AssertUsageError(OnPlain(Args(command)));

        Assert.Equal($"vae: {option}: this model is not conditional (it takes no label)", line);
        Assert.False(File.Exists(_temp.File("x.png")) || File.Exists(_temp.File("x.npy")));
    }

    [Fact]
    public void Labels_OutsideTheClasses_ExitTwoNamingTheOptionAndTheRange()
    {
        TestLabels.WriteNpy(_temp.File("labels.npy"), [3, 11], "<i8");

        Assert.Equal("vae: --digit: 10 is outside 0..9, the model's classes",
            CliTests.AssertUsageError(OnConditional("generate", "--digit", "10", "--out", _temp.File("x.png"))));
        Assert.Equal("vae: --labels: label 12 (item 1) is outside 0..9, the model's classes",
            CliTests.AssertUsageError(OnConditional("decode", "--z", "0,0;1,1", "--labels", "3,12", "--out", _temp.File("x.png"))));
        Assert.Equal($"vae: --labels: label 11 (item 1) in {_temp.File("labels.npy")} is outside 0..9, the model's classes",
            CliTests.AssertUsageError(OnConditional("decode", "--z", "0,0;1,1", "--labels", _temp.File("labels.npy"), "--out", _temp.File("x.png"))));
        Assert.False(File.Exists(_temp.File("x.png")));
    }

    [Theory]
    [InlineData("--digit 3 --labels 3", "give --digit or --labels, not both")]
    [InlineData("--labels -1,2", "--labels: expects comma-separated integers of at least 0, got '-1,2' (or a file)")]
    [InlineData("--labels 1,,2", "--labels: expects comma-separated integers of at least 0, got '1,,2' (or a file)")]
    [InlineData("--digit -1", "--digit: must be at least 0 (got -1)")]
    public void Labels_BadCombinationOrValue_IsAParseError(string labels, string expected)
    {
        string line = CliTests.AssertParseError(OnConditional(Args($"generate --out x.png {labels}")), "generate");

        Assert.Equal($"vae: {expected}", line);
    }

    [Fact]
    public void Labels_FileNotOfLabels_ExitsTwoNamingTheFile()
    {
        string images = Images(2, seed: 26);
        NpyFile.Write(_temp.File("floats.npy"), [1f, 2f], [2]);
        TestLabels.WriteNpy(_temp.File("matrix.npy"), [1, 2], "<i8", "1, 2");
        TestLabels.WriteNpy(_temp.File("negative.npy"), [1, -2], "<i4");
        File.WriteAllText(_temp.File("labels.txt"), "1\n2\n");
        string Error(string file) => CliTests.AssertUsageError(OnConditional("decode", "--z", "0,0;1,1", "--labels", file, "--out", _temp.File("x.png")));

        Assert.Contains($"{images}: holds images (magic 2051), expected labels", Error(images), StringComparison.Ordinal);
        Assert.Contains("floats.npy: dtype '<f4' is not an integer type", Error(_temp.File("floats.npy")), StringComparison.Ordinal);
        Assert.Contains("matrix.npy: array shape (1, 2) is not a list of labels", Error(_temp.File("matrix.npy")), StringComparison.Ordinal);
        Assert.Contains("negative.npy: label -2 (item 1) is not a class index", Error(_temp.File("negative.npy")), StringComparison.Ordinal);
        Assert.Contains("labels.txt: not an IDX labels file (raw or .gz) or a .npy of integers", Error(_temp.File("labels.txt")), StringComparison.Ordinal);
        Assert.Contains("missing.idx: file not found", Error(_temp.File("missing.idx")), StringComparison.Ordinal);
        Assert.Equal("vae: --labels: 1,2,x: file not found, and not a list of labels such as 3,1,4", Error("1,2,x"));
        Assert.False(File.Exists(_temp.File("x.png")));
    }

    [Fact]
    public void Info_ConditionalOrNot_SaysWhichLabelsTheModelTakes()
    {
        var result = CliTests.Vae("info", conditional.ModelDirectory, "--device", "cpu", "--threads", "1");
        CliTests.AssertOk(result);
        Assert.Contains("labels       conditional on a label in 0..9 (give --digit D or --labels FILE|LIST)", result.Out, StringComparison.Ordinal);
        Assert.Contains("image [N,1,28,28], label [N] -> mu [N,2], logvar [N,2]", result.Out, StringComparison.Ordinal);

        Assert.Contains("labels       none (not conditional)", CliTests.Vae("info", plain.ModelDirectory, "--device", "cpu", "--threads", "1").Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_ConditionalModel_TimesEveryCaseAndThePassWithLabels()
    {
        string json = _temp.File("bench.json");

        var result = OnConditional("bench", "--batch", "1,3", "--min-reps", "3", "--min-time", "0", "--max-time", "0.05",
            "--warmup", "1", "--pass-reps", "1", "--mnist", CliTests.FakeMnist(_temp, train: 3, test: 2), "--json", json);

        CliTests.AssertOk(result);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal(2 * 2 * 5, root.GetProperty("results").GetArrayLength());
        Assert.All(root.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("reps").GetInt32() >= 3));
        Assert.Equal(5, Assert.Single(root.GetProperty("passes").EnumerateArray().ToList()).GetProperty("images").GetInt32());
        Assert.Contains(root.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("conditional model: ", StringComparison.Ordinal));
    }

    /// <summary>The words of <paramref name="command"/>, with IMAGES, LABELS and output names made paths in the test's folder.</summary>
    private string[] Args(string command) => [.. command.Split(' ').Select(word => word switch
    {
        "IMAGES" => Images(2, seed: 27),
        "LABELS" => _temp.File("labels.idx"),
        "x.png" or "x.npy" => _temp.File(word),
        _ => word,
    })];
}
