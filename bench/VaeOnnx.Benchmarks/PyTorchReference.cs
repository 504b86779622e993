using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace VaeOnnx.Benchmarks;

/// <summary>One timing of the PyTorch reference loop (bench/pytorch/vae_reference.py).</summary>
/// <param name="Torch">PyTorch version.</param>
/// <param name="Threads">torch threads.</param>
/// <param name="SecondsPerEpoch">Measured epochs, scaled to 60 000 images.</param>
/// <param name="MatmulGflops">torch.mm 2048² rate of that PyTorch build.</param>
public sealed record PyTorchResult(string Torch, int Threads, Spread SecondsPerEpoch, double MatmulGflops);

/// <summary>
/// The PyTorch reference loop, run beside vae-train in the same benchmark so that the ratio does not depend on which
/// machine of this kind the run landed on. It needs Debian's python3-torch and, for a BLAS worth comparing with,
/// OpenBLAS unpacked by bench/pytorch/setup.sh (nothing installed system-wide); without them the rows say why.
/// </summary>
internal sealed class PyTorchReference
{
    private const string Python = "/usr/bin/python3";
    private readonly string _script;
    private readonly string _openBlas;

    private PyTorchReference(string script, string openBlas)
    {
        _script = script;
        _openBlas = openBlas;
    }

    /// <summary>The reference, or null and why not.</summary>
    public static (PyTorchReference? Reference, string? Missing) Find(string repositoryRoot)
    {
        string script = Path.Combine(repositoryRoot, "bench", "pytorch", "vae_reference.py");
        string openBlas = Environment.GetEnvironmentVariable("VAE_BENCH_OPENBLAS")
            ?? Path.Combine(repositoryRoot, "bench", ".cache", "openblas", "usr", "lib", "x86_64-linux-gnu", "openblas-pthread");
        if (!File.Exists(script))
        {
            return (null, $"{script} not found");
        }
        if (!File.Exists(Python) || Run(Python, ["-c", "import torch, numpy"], null).Code != 0)
        {
            return (null, "no PyTorch: apt-get install python3-torch python3-numpy");
        }
        if (!File.Exists(Path.Combine(openBlas, "libopenblas.so.0")))
        {
            return (null, $"no OpenBLAS in {openBlas}: run bench/pytorch/setup.sh (Debian's torch alone uses the slow reference BLAS)");
        }
        return (new PyTorchReference(script, openBlas), null);
    }

    /// <summary>Times <paramref name="epochs"/> epochs (after one warm-up) of a member at <paramref name="threads"/> threads.</summary>
    public PyTorchResult Measure(string data, string arch, bool conditional, int hidden, int latent, int threads, int epochs, int limit)
    {
        string[] args =
        [
            _script, "--data", data, "--arch", arch, "--hidden", Invariant(hidden), "--latent", Invariant(latent),
            "--threads", Invariant(threads), "--warmup", "1", "--epochs", Invariant(epochs), "--limit", Invariant(limit),
            .. conditional ? new[] { "--conditional" } : [],
        ];
        var (code, output, error) = Run(Python, args, new Dictionary<string, string>
        {
            ["LD_LIBRARY_PATH"] = _openBlas,
            ["OPENBLAS_NUM_THREADS"] = Invariant(threads),
            ["OMP_NUM_THREADS"] = Invariant(threads),
            // PyTorch's best 2-thread setting here: OpenBLAS runs its own pthreads, and libgomp's spinning workers
            // fight them for the 2 cores (measured 9.4-10.0 s/epoch with the default policy, 4.0-4.2 s passive,
            // 4.2 s with one BLAS thread; 1 thread 4.3-4.5 s). The reference is compared at its best.
            ["OMP_WAIT_POLICY"] = "PASSIVE",
        });
        if (code != 0)
        {
            throw new InvalidOperationException($"the PyTorch reference failed ({code}): {error.Trim()}");
        }
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new PyTorchResult(root.GetProperty("torch").GetString()!, threads,
            Spread.Of([.. root.GetProperty("secondsPerEpoch").EnumerateArray().Select(e => e.GetDouble())]),
            root.GetProperty("matmulGflops").GetDouble());
    }

    private static (int Code, string Output, string Error) Run(string program, string[] args, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
