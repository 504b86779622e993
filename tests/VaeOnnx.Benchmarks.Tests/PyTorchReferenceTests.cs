namespace VaeOnnx.Benchmarks.Tests;

/// <summary>
/// The lockstep protocol with the reference loop, against a stand-in script that speaks it (plain python3, no torch):
/// each measured epoch runs only when asked, and a reference that fails says why.
/// </summary>
public sealed class PyTorchReferenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vae-reference-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Counts the "go" lines it was sent in a file, so that the test can see when each epoch ran.
    private const string StandIn = """
        import json, sys
        epochs = int(sys.argv[sys.argv.index("--epochs") + 1])
        log = sys.argv[0] + ".started"
        for i in range(epochs):
            print("ready", flush=True)
            if not sys.stdin.readline():
                raise SystemExit("--lockstep: stdin closed before the measured epochs ended")
            open(log, "a").write("epoch\n")
            print(f"epoch {i + 1.5!r}", flush=True)
        print(json.dumps({"torch": "stand-in", "matmulGflops": 42.0}))
        """;

    private PyTorchReference Reference(string script)
    {
        string path = Path.Combine(_folder, "reference.py");
        File.WriteAllText(path, script);
        return new PyTorchReference(path, _folder);
    }

    private int EpochsStarted() => File.Exists(Path.Combine(_folder, "reference.py.started"))
        ? File.ReadAllLines(Path.Combine(_folder, "reference.py.started")).Length
        : 0;

    [Fact]
    public void Lockstep_EachEpochRunsWhenAsked_EpochsInOrderAndSummaryAfterTheLast()
    {
        using var lockstep = Reference(StandIn).Start("data", "mlp", conditional: false, 400, 2, threads: 1, epochs: 2, limit: 0);
        Assert.Equal(0, EpochsStarted());

        lockstep.RunEpoch();
        Assert.Equal(1, EpochsStarted());
        lockstep.RunEpoch();
        var result = lockstep.Finish();

        Assert.Equal(2, EpochsStarted());
        Assert.Equal([1.5, 2.5], lockstep.Epochs);
        Assert.Equal("stand-in", result.Torch);
        Assert.Equal(2.0, result.SecondsPerEpoch.Median);
        Assert.Equal(42.0, result.MatmulGflops);
    }

    [Fact]
    public void Lockstep_ReferenceFailsBeforeItsEpochs_ErrorCarriesItsMessage()
    {
        var reference = Reference("raise SystemExit('no MNIST here')");

        var error = Assert.Throws<InvalidOperationException>(() => reference.Start("data", "mlp", conditional: false, 400, 2, 1, 2, 0));
        Assert.Contains("no MNIST here", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_FewerEpochsThanAsked_Refuses()
    {
        using var lockstep = Reference(StandIn).Start("data", "mlp", conditional: false, 400, 2, threads: 1, epochs: 2, limit: 0);
        lockstep.RunEpoch();

        var error = Assert.Throws<InvalidOperationException>(lockstep.Finish);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
    }
}
