using VaeOnnx.Contract;
using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

public class VaeModelTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private VaeModel Model => fixture.Model;

    [Fact]
    public void Load_TinyModel_ReadsMetadataAndDimensions()
    {
        Assert.Equal(2, Model.LatentDim);
        Assert.Equal(784, Model.ImageSize);
        Assert.Equal(VaeSignature.Mlp(16, 2), Model.Signature);
        Assert.Equal("CPU", Model.Provider);
        Assert.Equal(1, Model.IntraOpThreads);
        Assert.Equal("vae-decoder", Model.Metadata["role"]);
        Assert.Equal("vae-encoder", Model.EncoderMetadata["role"]);

    }

    [Fact]
    public void Encode_Floats_MatchesReferenceMlp()
    {
        var images = TestImages.RandomFloats(5, seed: 2);
        var latents = Model.Encode(images);
        var (mu, logVar) = fixture.Vae.EncodeReference(images);
        Assert.Equal(5, latents.Count);
        Assert.Equal(2, latents.LatentDim);
        TestImages.AssertClose(mu, latents.Mu, 1e-4f);
        TestImages.AssertClose(logVar, latents.LogVar, 1e-4f);
    }

    [Fact]
    public void Encode_Bytes_EqualsFloatsScaledBy255()
    {
        var bytes = TestImages.RandomBytes(4, seed: 3);
        var fromBytes = Model.Encode(bytes);
        var fromFloats = Model.Encode(TestImages.Scaled(bytes));
        Assert.Equal(fromFloats.Mu, fromBytes.Mu);
        Assert.Equal(fromFloats.LogVar, fromBytes.LogVar);
    }

    [Fact]
    public void Encode_Batch_EqualsImageByImage()
    {
        // [N,784] and [N,1,28,28] are the same memory layout: image i is values [784 i, 784 (i+1)).
        var images = TestImages.RandomFloats(3, seed: 4);
        var batch = Model.Encode(images);
        for (int i = 0; i < 3; i++)
        {
            var single = Model.Encode(images.AsSpan(i * 784, 784));
            Assert.Equal(single.Mu, batch.MuOf(i).ToArray());
            Assert.Equal(single.LogVar, batch.LogVarOf(i).ToArray());
        }
    }

    [Fact]
    public void Decode_Latents_MatchesReferenceMlpWithShape()
    {
        float[] z = [0.5f, -1.2f, 0f, 0f, 2f, 1f];
        var images = Model.Decode(z);
        Assert.Equal(3 * 784, images.Length);
        TestImages.AssertClose(fixture.Vae.DecodeReference(z), images, 1e-5f);
        Assert.All(images, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Decode_IntoDestination_EqualsAllocatingDecode()
    {
        float[] z = [0.1f, 0.2f, -0.3f, 0.4f];
        var destination = new float[2 * 784];
        Model.Decode(z, destination);
        Assert.Equal(Model.Decode(z), destination);
    }

    [Fact]
    public void Encode_IntoDestination_EqualsAllocatingEncode()
    {
        var images = TestImages.RandomFloats(2, seed: 5);
        var mu = new float[4];
        var logVar = new float[4];
        Model.Encode(images, mu, logVar);
        var expected = Model.Encode(images);
        Assert.Equal(expected.Mu, mu);
        Assert.Equal(expected.LogVar, logVar);
    }

    [Fact]
    public void Reconstruct_Images_IsDecoderOfMu()
    {
        var images = TestImages.RandomFloats(2, seed: 6);
        Assert.Equal(Model.Decode(Model.Encode(images).Mu), Model.Reconstruct(images));
        var bytes = TestImages.RandomBytes(2, seed: 6);
        Assert.Equal(Model.Decode(Model.Encode(bytes).Mu), Model.Reconstruct(bytes));
    }

    [Fact]
    public void Sample_SameSeed_IsReproducible()
    {
        Assert.Equal(Model.Sample(4, seed: 42), Model.Sample(4, seed: 42));
        Assert.Equal(Model.SampleLatents(4, seed: 42), Model.SampleLatents(4, seed: 42));
        Assert.NotEqual(Model.SampleLatents(4, seed: 42), Model.SampleLatents(4, seed: 43));
        Assert.Equal(4 * 784, Model.Sample(4, seed: 1).Length);
    }

    [Fact]
    public void SampleLatents_ManyDraws_LookStandardNormal()
    {
        var z = LatentSampling.StandardNormal(20_001, 1, seed: 9);
        double mean = z.Average(v => (double)v);
        double variance = z.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Interpolate_Steps_IncludesBothEndsLinearly()
    {
        float[] from = [-1f, 2f], to = [3f, -2f];
        var z = Model.InterpolateLatents(from, to, 5);
        Assert.Equal(new[] { -1f, 2f, 0f, 1f, 1f, 0f, 2f, -1f, 3f, -2f }, z);
        var images = Model.Interpolate(from, to, 5);
        Assert.Equal(Model.Decode(z), images);
        Assert.Equal(Model.Decode(from), images.AsSpan(0, 784).ToArray());
        Assert.Equal(Model.Decode(to), images.AsSpan(4 * 784).ToArray());
    }

    [Fact]
    public void Encode_MoreThanMaxBatch_ChunksWithSameResults()
    {
        var images = TestImages.RandomFloats(7, seed: 7);
        using var chunked = VaeModel.Load(fixture.ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1, MaxBatch = 3 });
        Assert.Equal(3, chunked.MaxBatch);
        var expected = Model.Encode(images);
        var actual = chunked.Encode(images);
        TestImages.AssertClose(expected.Mu, actual.Mu, 1e-6f);
        TestImages.AssertClose(expected.LogVar, actual.LogVar, 1e-6f);
        var bytes = TestImages.RandomBytes(7, seed: 8);
        TestImages.AssertClose(Model.Encode(bytes).Mu, chunked.Encode(bytes).Mu, 1e-6f);
        var z = Model.SampleLatents(7, seed: 1);
        TestImages.AssertClose(Model.Decode(z), chunked.Decode(z), 1e-6f);
    }

    [Fact]
    public void VaeModel_EightThreads_SameResultsAsSequential()
    {
        const int threads = 8, rounds = 20;
        var inputs = Enumerable.Range(0, threads).Select(t => TestImages.RandomFloats(1 + (t % 3), seed: 100 + t)).ToArray();
        var expectedMu = inputs.Select(i => Model.Encode(i).Mu).ToArray();
        var expectedImages = inputs.Select(i => Model.Reconstruct(i)).ToArray();
        var expectedSamples = Enumerable.Range(0, threads).Select(t => Model.Sample(2, seed: t)).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int r = 0; r < rounds; r++)
            {
                if (!Model.Encode(inputs[t]).Mu.SequenceEqual(expectedMu[t]))
                {
                    failures.Add($"thread {t} round {r}: encode differs");
                }
                if (!Model.Reconstruct(inputs[t]).SequenceEqual(expectedImages[t]))
                {
                    failures.Add($"thread {t} round {r}: reconstruct differs");
                }
                if (!Model.Sample(2, seed: t).SequenceEqual(expectedSamples[t]))
                {
                    failures.Add($"thread {t} round {r}: sample differs");
                }
            }
        })).ToArray();
        foreach (var w in workers)
        {
            w.Start();
        }
        foreach (var w in workers)
        {
            w.Join();
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Dispose_WhileOtherThreadsDecodeAndEncode_WaitsForThemAndNeverCrashes()
    {
        // Releasing the native sessions under a running Run would crash the whole test host, so this test fails
        // by taking the process down if Dispose stops waiting for calls in flight.
        var vae = TinyVae.Create(latent: 2, hidden: 16, seed: 4);
        using var temp = new TempDirectory();
        var model = VaeModel.Load(vae.WriteModel(temp.Path), new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        float[] z = model.SampleLatents(64, seed: 1);
        float[] expected = model.Decode(z);
        float[] images = TestImages.RandomFloats(64, seed: 5);
        using var started = new CountdownEvent(4);
        int completed = 0, refused = 0;
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            started.Signal();
            while (true)
            {
                try
                {
                    if (w % 2 == 0)
                    {
                        Assert.Equal(expected, model.Decode(z));
                        model.Decode(z.AsSpan(0, 2)); // the single-code path with per-thread buffers
                    }
                    else
                    {
                        model.Encode(images);
                    }
                    Interlocked.Increment(ref completed);
                }
                catch (ObjectDisposedException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToArray();
        started.Wait();
        await Task.Delay(50);

        model.Dispose();
        await Task.WhenAll(workers);

        Assert.True(completed > 0);
        Assert.Equal(4, refused);
    }

    [Fact]
    public void VaeModel_AfterDispose_ThrowsObjectDisposed()
    {
        var model = VaeModel.Load(fixture.ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        model.Dispose();
        model.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => model.Decode([0f, 0f]));
    }

    [Fact]
    public void Load_CudaOnMachineWithoutCuda_FallsBackToCpuWithOneLogLine()
    {
        var lines = new List<string>();
        using var model = VaeModel.Load(fixture.ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cuda, IntraOpThreads = 1 }, lines.Add);
        if (model.Provider == "CUDA")
        {
            Assert.Empty(lines); // a machine with a working CUDA setup: nothing to fall back from
            return;
        }
        Assert.Equal("CPU", model.Provider);
        string line = Assert.Single(lines);
        Assert.Contains("CUDA", line, StringComparison.Ordinal);
        Assert.Contains("CPU", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.NotNull(model.CudaUnavailableReason);
        TestImages.AssertClose(fixture.Vae.DecodeReference([0.5f, 0.5f]), model.Decode([0.5f, 0.5f]), 1e-5f);
    }

    [Fact]
    public void Load_AutoDevice_PicksAWorkingProvider()
    {
        var lines = new List<string>();
        using var model = VaeModel.Load(fixture.ModelDirectory, new VaeModelOptions { IntraOpThreads = 1 }, lines.Add);
        Assert.Contains(model.Provider, new[] { "CPU", "CUDA" });
        Assert.True(lines.Count <= 1);
        Assert.Equal(2 * 784, model.Decode([0f, 0f, 1f, 1f]).Length);
    }

    [Fact]
    public void Load_DefaultThreads_UsesAllCores()
    {
        using var model = VaeModel.Load(fixture.ModelDirectory, new VaeModelOptions { Device = ExecutionDevice.Cpu });
        Assert.Equal(Environment.ProcessorCount, model.IntraOpThreads);
    }
}
