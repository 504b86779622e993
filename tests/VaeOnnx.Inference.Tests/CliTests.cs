using System.Globalization;
using System.Text.Json;
using VaeOnnx.Cli;
using VaeOnnx.Data;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

public sealed class CliTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    internal static (int Code, string Out, string Err) Vae(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a model command on the tiny model, one thread, CPU.</summary>
    private (int Code, string Out, string Err) Model(params string[] args) =>
        Vae([.. args, "--models", fixture.ModelDirectory, "--threads", "1", "--device", "cpu"]);

    internal static void AssertOk((int Code, string Out, string Err) result)
    {
        Assert.True(result.Code == 0, $"exit {result.Code}: {result.Err}");
        Assert.Equal("", result.Err);
    }

    /// <summary>Bad input found while running: exit 2, exactly one line on stderr (no stack trace), nothing on stdout.</summary>
    internal static string AssertUsageError((int Code, string Out, string Err) result)
    {
        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line = Assert.Single(lines);
        Assert.StartsWith("vae: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        return line;
    }

    /// <summary>A parse error: exit 2, nothing on stdout, stderr <c>vae: message</c> then the verb's help hint; returns the message line.</summary>
    internal static string AssertParseError((int Code, string Out, string Err) result, string? verb = null)
    {
        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("vae: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(verb is null ? "See 'vae --help'." : $"See 'vae {verb} --help'.", lines[1]);
        return lines[0];
    }

    private string Idx(int count, int seed, bool gzip = true)
    {
        string path = _temp.File($"images-{count}-{seed}.idx{(gzip ? ".gz" : "")}");
        TestImages.WriteIdx(path, TestImages.RandomBytes(count, seed), gzip);
        return path;
    }

    [Fact]
    public void Cli_Help_ListsEveryVerbAndExitsZero()
    {
        var (code, output, error) = Vae("--help");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (string verb in new[] { "info", "encode", "decode", "reconstruct", "generate", "interpolate", "manifold", "bench", "serve" })
        {
            Assert.Contains($"  {verb} ", output, StringComparison.Ordinal);
            var help = Vae(verb, "--help");
            Assert.Equal(0, help.Code);
            // The usage line names the executable: vae, or the test host here.
            Assert.Contains($" {verb} [", help.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cli_NoArgumentsOrUnknownVerb_ExitsTwoWithTheErrorAndTheHelpHint()
    {
        AssertParseError(Vae());
        Assert.Contains("unexpected argument 'frobnicate'", AssertParseError(Vae("frobnicate")), StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_UnknownOption_ExitsTwoNamingIt()
    {
        string line = AssertParseError(Model("generate", "--out", _temp.File("g.png"), "--colour", "red"), "generate");
        Assert.Contains("unknown option '--colour'", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("g.png")));
    }

    [Theory]
    [InlineData("--count", "abc")]
    [InlineData("--count", "0")]
    [InlineData("--threads", "-1")]
    [InlineData("--device", "tpu")]
    [InlineData("--scale", "1.5")]
    public void Cli_BadNumberOrChoice_ExitsTwo(string option, string value)
    {
        string line = AssertParseError(Vae("generate", "--models", fixture.ModelDirectory, "--out", _temp.File("g.png"), option, value), "generate");
        Assert.StartsWith($"vae: {option}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_MissingModelFolder_SaysRunMakeTrain()
    {
        string line = AssertUsageError(Vae("generate", "--models", _temp.File("no-models"), "--out", _temp.File("g.png")));
        Assert.Contains("make train", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Cli_CorruptModel_ExitsTwoNamingFile()
    {
        string models = _temp.Sub("corrupt");
        fixture.Vae.WriteModel(models);
        File.WriteAllBytes(Path.Combine(models, "decoder.onnx"), [0x08, 0xff, 0xff]);
        string line = AssertUsageError(Vae("generate", "--models", models, "--out", _temp.File("g.png")));
        Assert.Contains("decoder.onnx", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_TinyModel_PrintsShapesMetadataAndProvider()
    {
        var result = Vae("info", fixture.ModelDirectory, "--device", "cpu", "--threads", "1");
        AssertOk(result);
        Assert.Contains("signature    mlp-16, 1x28x28 → z 2", result.Out, StringComparison.Ordinal);
        Assert.Contains("provider     CPU", result.Out, StringComparison.Ordinal);
        Assert.Contains("image [N,1,28,28] -> mu [N,2], logvar [N,2]", result.Out, StringComparison.Ordinal);
        Assert.Contains("role                 vae-decoder", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_CudaRequested_LogsOneFallbackLineAndSucceeds()
    {
        var (code, output, error) = Vae("info", fixture.ModelDirectory, "--device", "cuda", "--threads", "1");
        Assert.Equal(0, code);
        if (output.Contains("provider     CUDA", StringComparison.Ordinal))
        {
            return;
        }
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("using CPU", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Png_WritesSquareGridOfDigits()
    {
        string path = _temp.File("grid.png");
        var result = Model("generate", "-n", "25", "--seed", "42", "--out", path);
        AssertOk(result);
        var png = PngFile.ReadGray(path);
        Assert.Equal((5 * 28) + (6 * 2), png.Width);
        Assert.Equal(png.Width, png.Height);
    }

    [Fact]
    public void Generate_Npy_EqualsLibrarySampleWithSameSeed()
    {
        string path = _temp.File("gen.npy");
        AssertOk(Model("generate", "-n", "6", "--seed", "7", "--out", path));
        var array = NpyFile.ReadFloat32(path);
        Assert.Equal(new[] { 6, 1, 28, 28 }, array.Shape);
        TestImages.AssertClose(fixture.Model.Sample(6, seed: 7), array.Data, 1e-6f);
    }

    [Fact]
    public void Decode_SingleCode_WritesOne28By28PngMatchingLibrary()
    {
        string path = _temp.File("one.png");
        AssertOk(Model("decode", "--z", "0.5,-1.2", "--out", path));
        var png = PngFile.ReadGray(path);
        Assert.Equal(28, png.Width);
        Assert.Equal(28, png.Height);
        var expected = new byte[784];
        VaeOnnx.Data.PixelScaling.ToBytes(fixture.Model.Decode([0.5f, -1.2f]), expected);
        Assert.Equal(expected, png.Pixels);
    }

    [Fact]
    public void Decode_ZFile_WritesNpyMatchingLibrary()
    {
        string z = _temp.File("z.npy");
        float[] codes = [0f, 0f, 1f, -1f, 2.5f, 0.5f];
        NpyFile.Write(z, codes, [3, 2]);
        string output = _temp.File("decoded.npy");
        AssertOk(Model("decode", "--z-file", z, "--out", output));
        var array = NpyFile.ReadFloat32(output);
        Assert.Equal(new[] { 3, 1, 28, 28 }, array.Shape);
        TestImages.AssertClose(fixture.Model.Decode(codes), array.Data, 1e-6f);
    }

    [Fact]
    public void Decode_SeveralCodes_WritesGrid()
    {
        string path = _temp.File("three.png");
        AssertOk(Model("decode", "--z", "0,0; 1,1; -1,2", "--out", path, "--columns", "3", "--scale", "2"));
        var png = PngFile.ReadGray(path);
        Assert.Equal((3 * 56) + (4 * 2), png.Width);
        Assert.Equal(56 + 4, png.Height);
    }

    [Theory]
    [InlineData("1,NaN")]
    [InlineData("1,Infinity")]
    [InlineData("1,x")]
    [InlineData(";")]
    public void Decode_CodeNotFiniteNumbers_IsAParseErrorNamingZ(string code)
    {
        Assert.StartsWith("vae: --z: ", AssertParseError(Model("decode", "--z", code, "--out", _temp.File("bad.png")), "decode"), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("bad.png")));
    }

    [Fact]
    public void Decode_CodeOfWrongLength_ExitsTwoNamingTheLatentSize()
    {
        Assert.Contains("latent size is 2", AssertUsageError(Model("decode", "--z", "0,0;1,2,3", "--out", _temp.File("bad.png"))), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("bad.png")));
    }

    [Fact]
    public void Decode_NegativeCodeAsSeparateToken_IsAValueNotAnOption()
    {
        string path = _temp.File("negative.npy");
        AssertOk(Model("decode", "--z", "-1.5,-2", "--out", path));
        TestImages.AssertClose(fixture.Model.Decode([-1.5f, -2f]), NpyFile.ReadFloat32(path).Data, 1e-6f);
    }

    [Fact]
    public void Decode_BothZAndZFile_ExitsTwo()
    {
        AssertUsageError(Model("decode", "--z", "0,0", "--z-file", "z.npy", "--out", _temp.File("x.png")));
    }

    [Fact]
    public void Encode_IdxToNpy_WritesMuAndLogVarMatchingLibrary()
    {
        string images = Idx(4, seed: 11);
        string output = _temp.File("latents.npy");
        var result = Model("encode", "--images", images, "--out", output);
        AssertOk(result);
        var mu = NpyFile.ReadFloat32(output);
        var logVar = NpyFile.ReadFloat32(_temp.File("latents.logvar.npy"));
        Assert.Equal(new[] { 4, 2 }, mu.Shape);
        Assert.Equal(new[] { 4, 2 }, logVar.Shape);
        var expected = fixture.Model.Encode(TestImages.RandomBytes(4, seed: 11));
        TestImages.AssertClose(expected.Mu, mu.Data, 1e-6f);
        TestImages.AssertClose(expected.LogVar, logVar.Data, 1e-6f);
    }

    [Fact]
    public void Encode_Csv_HasHeaderAndOneRowPerImage()
    {
        string output = _temp.File("latents.csv");
        AssertOk(Model("encode", "--images", Idx(5, seed: 12, gzip: false), "--limit", "3", "--out", output));
        var lines = File.ReadAllLines(output);
        Assert.Equal("index,mu_0,mu_1,logvar_0,logvar_1", lines[0]);
        Assert.Equal(4, lines.Length);
        var expected = fixture.Model.Encode(TestImages.RandomBytes(5, seed: 12).AsSpan(0, 3 * 784));
        var row = lines[2].Split(',');
        Assert.Equal("1", row[0]);
        Assert.Equal(expected.Mu[2], float.Parse(row[1], CultureInfo.InvariantCulture), 6);
        Assert.Equal(expected.LogVar[3], float.Parse(row[4], CultureInfo.InvariantCulture), 6);
    }

    [Fact]
    public void Encode_NpyFlatAndFourDimensional_GiveSameLatents()
    {
        var images = TestImages.RandomFloats(2, seed: 13);
        NpyFile.Write(_temp.File("flat.npy"), images, [2, 784]);
        NpyFile.Write(_temp.File("nchw.npy"), images, [2, 1, 28, 28]);
        AssertOk(Model("encode", "--images", _temp.File("flat.npy"), "--out", _temp.File("a.csv")));
        AssertOk(Model("encode", "--images", _temp.File("nchw.npy"), "--out", _temp.File("b.csv")));
        Assert.Equal(File.ReadAllText(_temp.File("a.csv")), File.ReadAllText(_temp.File("b.csv")));
    }

    [Fact]
    public void Encode_UInt8NpyAndPng_AreScaledBy255()
    {
        var bytes = TestImages.RandomBytes(1, seed: 14);
        NpyFile.Write(_temp.File("u8.npy"), bytes, [1, 28, 28]);
        PngFile.WriteGray(_temp.File("digit.png"), bytes, 28, 28);
        AssertOk(Model("encode", "--images", _temp.File("u8.npy"), "--out", _temp.File("u8.npy.out.npy")));
        AssertOk(Model("encode", "--images", _temp.File("digit.png"), "--out", _temp.File("png.out.npy")));
        var expected = fixture.Model.Encode(bytes).Mu;
        TestImages.AssertClose(expected, NpyFile.ReadFloat32(_temp.File("u8.npy.out.npy")).Data, 1e-6f);
        TestImages.AssertClose(expected, NpyFile.ReadFloat32(_temp.File("png.out.npy")).Data, 1e-6f);
    }

    [Fact]
    public void Encode_FloatNpyOutOfRange_ExitsTwo()
    {
        var images = TestImages.RandomFloats(1, seed: 15);
        images[5] = 2f;
        NpyFile.Write(_temp.File("bad.npy"), images, [1, 784]);
        string line = AssertUsageError(Model("encode", "--images", _temp.File("bad.npy"), "--out", _temp.File("x.npy")));
        Assert.Contains("[0,1]", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("x.npy")));
    }

    [Fact]
    public void Encode_WrongFileTypes_ExitTwo()
    {
        File.WriteAllText(_temp.File("notes.txt"), "not an image");
        Assert.Contains("not an IDX, PNG or .npy", AssertUsageError(Model("encode", "--images", _temp.File("notes.txt"), "--out", _temp.File("x.csv"))), StringComparison.Ordinal);
        PngFile.WriteGray(_temp.File("wide.png"), new byte[30 * 28], 30, 28);
        Assert.Contains("PNG is 30×28, the model takes 1x28x28", AssertUsageError(Model("encode", "--images", _temp.File("wide.png"), "--out", _temp.File("x.csv"))), StringComparison.Ordinal);
        NpyFile.Write(_temp.File("shape.npy"), new float[10], [10]);
        AssertUsageError(Model("encode", "--images", _temp.File("shape.npy"), "--out", _temp.File("x.csv")));
        AssertUsageError(Model("encode", "--images", _temp.File("missing.idx"), "--out", _temp.File("x.csv")));
        Assert.Contains("--out: must end in .npy or .csv", AssertParseError(Model("encode", "--images", Idx(1, 1), "--out", _temp.File("x.png")), "encode"),
            StringComparison.Ordinal);
        var truncated = File.ReadAllBytes(Idx(2, 2, gzip: false))[..1000];
        File.WriteAllBytes(_temp.File("truncated.idx"), truncated);
        Assert.Contains("truncated", AssertUsageError(Model("encode", "--images", _temp.File("truncated.idx"), "--out", _temp.File("x.csv"))), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("x.csv")));
    }

    [Fact]
    public void Reconstruct_Png_PairsOriginalsWithReconstructions()
    {
        string path = _temp.File("rec.png");
        AssertOk(Model("reconstruct", "--images", Idx(3, seed: 16), "--out", path));
        var png = PngFile.ReadGray(path);
        Assert.Equal((3 * 28) + (4 * 2), png.Width);
        Assert.Equal((2 * 28) + (3 * 2), png.Height);
        // First tile is the first original image.
        var original = TestImages.RandomBytes(3, seed: 16);
        Assert.Equal(original[0], png[2, 2]);
        Assert.Equal(original[27], png[2 + 27, 2]);
    }

    [Fact]
    public void Reconstruct_Npy_EqualsLibrary()
    {
        string path = _temp.File("rec.npy");
        AssertOk(Model("reconstruct", "--images", Idx(3, seed: 17), "--out", path));
        var array = NpyFile.ReadFloat32(path);
        Assert.Equal(new[] { 3, 1, 28, 28 }, array.Shape);
        TestImages.AssertClose(fixture.Model.Reconstruct(TestImages.RandomBytes(3, seed: 17)), array.Data, 1e-6f);
    }

    [Fact]
    public void Interpolate_ByIndex_DecodesLineBetweenEncodedImages()
    {
        string images = Idx(6, seed: 18);
        string path = _temp.File("strip.npy");
        AssertOk(Model("interpolate", "--images", images, "--from-index", "3", "--to-index", "4", "--steps", "10", "--out", path));
        var bytes = TestImages.RandomBytes(6, seed: 18);
        var from = fixture.Model.Encode(bytes.AsSpan(3 * 784, 784)).Mu;
        var to = fixture.Model.Encode(bytes.AsSpan(4 * 784, 784)).Mu;
        var array = NpyFile.ReadFloat32(path);
        Assert.Equal(new[] { 10, 1, 28, 28 }, array.Shape);
        TestImages.AssertClose(fixture.Model.Interpolate(from, to, 10), array.Data, 1e-5f);

        AssertOk(Model("interpolate", "--images", images, "--from-index", "3", "--to-index", "4", "--steps", "10", "--out", _temp.File("strip.png")));
        var png = PngFile.ReadGray(_temp.File("strip.png"));
        Assert.Equal((10 * 28) + (11 * 2), png.Width);
        Assert.Equal(28 + 4, png.Height);
    }

    [Fact]
    public void Interpolate_ByCode_WritesStrip()
    {
        string path = _temp.File("strip.npy");
        AssertOk(Model("interpolate", "--from-z", "-2,-2", "--to-z", "2,2", "--steps", "3", "--out", path));
        TestImages.AssertClose(fixture.Model.Decode([-2f, -2f, 0f, 0f, 2f, 2f]), NpyFile.ReadFloat32(path).Data, 1e-6f);
    }

    [Fact]
    public void Interpolate_IndexOutOfRange_ExitsTwo()
    {
        string line = AssertUsageError(Model("interpolate", "--images", Idx(2, seed: 19), "--from-index", "0", "--to-index", "5", "--out", _temp.File("s.png")));
        Assert.Contains("out of range", line, StringComparison.Ordinal);
        AssertUsageError(Model("interpolate", "--from-index", "0", "--to-z", "1,1", "--out", _temp.File("s.png")));
    }

    [Fact]
    public void Manifold_Png_IsGridByGridWithoutPadding()
    {
        string path = _temp.File("manifold.png");
        AssertOk(Model("manifold", "--grid", "4", "--out", path));
        var png = PngFile.ReadGray(path);
        Assert.Equal(4 * 28, png.Width);
        Assert.Equal(4 * 28, png.Height);
    }

    [Fact]
    public void Manifold_Npy_DecodesLatentPlane()
    {
        string path = _temp.File("manifold.npy");
        AssertOk(Model("manifold", "--grid", "3", "--quantiles", "--out", path));
        var array = NpyFile.ReadFloat32(path);
        Assert.Equal(new[] { 9, 1, 28, 28 }, array.Shape);
        TestImages.AssertClose(fixture.Model.Decode(LatentGrid.Plane(2, 3, quantiles: true)), array.Data, 1e-6f);
        AssertUsageError(Model("manifold", "--dims", "0,5", "--out", path));
    }

    [Fact]
    public void Bench_TinyRun_WritesJsonWithLibraryAndBareRows()
    {
        string json = _temp.File("bench/vae-bench.json");
        string mnist = FakeMnist(_temp, train: 3, test: 2);
        var result = Model("bench", "--batch", "1,4", "--min-reps", "3", "--min-time", "0", "--max-time", "0.05",
            "--warmup", "1", "--pass-reps", "1", "--mnist", mnist, "--json", json);
        AssertOk(result);
        Assert.Contains("p50 vs bare", result.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var root = doc.RootElement;
        Assert.Equal("vaeonnx-bench/1", root.GetProperty("schema").GetString());
        var rows = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2 * 2 * 5, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("onnxruntime", r.GetProperty("engine").GetString());
            Assert.True(r.GetProperty("reps").GetInt32() >= 3);
            Assert.True(r.GetProperty("p50_us").GetDouble() > 0);
            Assert.True(r.GetProperty("images_per_s").GetDouble() > 0);
        });
        Assert.Equal(4, rows.Count(r => r.GetProperty("api").GetString() == "bare"));
        Assert.Equal(4, rows.Count(r => r.GetProperty("api").GetString() == "bare-same-input"));
        Assert.Equal(4, rows.Count(r => r.GetProperty("api").GetString() == "bare-new-arrays"));
        Assert.All(rows.Where(r => r.GetProperty("api").GetString() == "library"), r => Assert.True(r.TryGetProperty("p50_vs_bare", out _)));
        var pass = Assert.Single(root.GetProperty("passes").EnumerateArray().ToList());
        Assert.Equal(5, pass.GetProperty("images").GetInt32());
    }

    [Fact]
    public void Bench_JsonBelowAFile_ExitsTwoNamingItBeforeMeasuring()
    {
        File.WriteAllText(_temp.File("a-file"), "in the way");
        string json = Path.Combine(_temp.File("a-file"), "vae-bench.json");

        // Nothing on stdout: the bench prints its table as it measures, so this fails if the check came after it.
        string line = AssertUsageError(Model("bench", "--batch", "1", "--min-reps", "3", "--min-time", "0", "--max-time", "0.05",
            "--warmup", "1", "--no-mnist", "--json", json));
        Assert.StartsWith($"vae: {json}: cannot write (", line, StringComparison.Ordinal);
    }

    /// <summary>An MNIST-layout dataset folder of random images, labels 0..9 in turn.</summary>
    internal static string FakeMnist(TempDirectory temp, int train, int test)
    {
        string directory = temp.Sub("mnist");
        foreach (var (prefix, count) in new[] { ("train", train), ("t10k", test) })
        {
            TestImages.WriteIdx(Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), TestImages.RandomBytes(count, count), gzip: true);
            TestLabels.WriteIdx(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"), [.. Enumerable.Range(0, count).Select(i => (byte)(i % 10))], gzip: true);
        }
        return directory;
    }
}
