using VaeOnnx.Inference.Tests.Support;

namespace VaeOnnx.Inference.Tests;

public class SmokeTests
{
    [Fact]
    public void VaeModel_Load_Works()
    {
        using var temp = new TempDirectory();
        var vae = TinyVae.Create();
        vae.WriteModel(temp.Path);
        using var model = VaeModel.Load(temp.Path, new VaeModelOptions { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 });
        var z = model.SampleLatents(3, 1);
        var images = model.Decode(z);
        var reference = vae.DecodeReference(z);
        Assert.Equal(reference.Length, images.Length);
        for (int i = 0; i < images.Length; i++) Assert.Equal(reference[i], images[i], 1e-5f);
    }
}
