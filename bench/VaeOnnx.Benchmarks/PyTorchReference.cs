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

    internal PyTorchReference(string script, string openBlas)
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
        if (!File.Exists(Python) || Run(Python, ["-c", "import torch, numpy"]) != 0)
        {
            return (null, "no PyTorch: apt-get install python3-torch python3-numpy");
        }
        if (!File.Exists(Path.Combine(openBlas, "libopenblas.so.0")))
        {
            return (null, $"no OpenBLAS in {openBlas}: run bench/pytorch/setup.sh (Debian's torch alone uses the slow reference BLAS)");
        }
        return (new PyTorchReference(script, openBlas), null);
    }

    /// <summary>
    /// Starts the reference loop with <c>--lockstep</c> and returns once its data is loaded and its warm-up epoch is
    /// done; <see cref="Lockstep.RunEpoch"/> then runs its measured epochs one at a time, between the caller's.
    /// </summary>
    public Lockstep Start(string data, string arch, bool conditional, int hidden, int latent, int threads, int epochs, int limit)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])[
            _script, "--data", data, "--arch", arch, "--hidden", Invariant(hidden), "--latent", Invariant(latent),
            "--threads", Invariant(threads), "--warmup", "1", "--epochs", Invariant(epochs), "--limit", Invariant(limit), "--lockstep",
            .. conditional ? new[] { "--conditional" } : []])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["LD_LIBRARY_PATH"] = _openBlas;
        start.Environment["OPENBLAS_NUM_THREADS"] = Invariant(threads);
        start.Environment["OMP_NUM_THREADS"] = Invariant(threads);
        // PyTorch's best 2-thread setting here: OpenBLAS runs its own pthreads, and libgomp's spinning workers
        // fight them for the 2 cores (measured 9.4-10.0 s/epoch with the default policy, 4.0-4.2 s passive,
        // 4.2 s with one BLAS thread; 1 thread 4.3-4.5 s). The reference is compared at its best. Passive workers
        // also sleep while the reference waits for its next epoch, leaving both cores to vae-train's.
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        return new Lockstep(Process.Start(start)!, threads, epochs);
    }

    /// <summary>A running reference loop whose measured epochs alternate with the caller's.</summary>
    public sealed class Lockstep : IDisposable
    {
        private readonly Process _process;
        private readonly Task<string> _error;
        private readonly int _threads;
        private readonly int _epochs;
        private readonly List<double> _seconds = [];
        private bool _ready;

        internal Lockstep(Process process, int threads, int epochs)
        {
            _process = process;
            _threads = threads;
            _epochs = epochs;
            _error = process.StandardError.ReadToEndAsync();
            try
            {
                Expect("ready");
            }
            catch
            {
                Dispose();
                throw;
            }
            _ready = true;
        }

        /// <summary>The measured epochs run so far, in order, seconds per 60k images.</summary>
        public IReadOnlyList<double> Epochs => _seconds;

        /// <summary>Runs the reference's next measured epoch (its time goes to <see cref="Epochs"/>).</summary>
        public void RunEpoch()
        {
            if (!_ready)
            {
                Expect("ready");
            }
            _process.StandardInput.WriteLine("go");
            _process.StandardInput.Flush();
            _ready = false;
            _seconds.Add(double.Parse(Expect("epoch "), CultureInfo.InvariantCulture));
        }

        /// <summary>After the last <see cref="RunEpoch"/>: the reference's summary (its version and matmul rate).</summary>
        public PyTorchResult Finish()
        {
            if (_seconds.Count != _epochs)
            {
                throw new InvalidOperationException($"the PyTorch reference ran {_seconds.Count} of {_epochs} measured epochs");
            }
            string output = _process.StandardOutput.ReadToEnd();
            _process.WaitForExit();
            if (_process.ExitCode != 0)
            {
                throw Failed();
            }
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            return new PyTorchResult(root.GetProperty("torch").GetString()!, _threads, Spread.Of(_seconds), root.GetProperty("matmulGflops").GetDouble());
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        /// <summary>Reads the reference's next line, which must start with <paramref name="prefix"/>; returns the rest.</summary>
        private string Expect(string prefix)
        {
            string? line = _process.StandardOutput.ReadLine();
            if (line is null)
            {
                _process.WaitForExit();
                throw Failed();
            }
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw Failed($"expected '{prefix.Trim()}', read '{line}'");
            }
            return line[prefix.Length..];
        }

        private InvalidOperationException Failed(string? why = null) =>
            new($"the PyTorch reference failed ({(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running")}): {why ?? _error.Result.Trim()}");
    }

    private static int Run(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Task.WaitAll(output, error);
        return process.ExitCode;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
