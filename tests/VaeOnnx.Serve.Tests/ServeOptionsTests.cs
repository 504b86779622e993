namespace VaeOnnx.Serve.Tests;

/// <summary><see cref="ServeOptions.Validate"/>: library misuse is an <see cref="ArgumentException"/> naming the property.</summary>
public sealed class ServeOptionsTests
{
    public static TheoryData<ServeOptions, string> BadOptions() => new()
    {
        { new ServeOptions { ModelDirectory = " " }, nameof(ServeOptions.ModelDirectory) },
        { new ServeOptions { DataDirectory = "" }, nameof(ServeOptions.DataDirectory) },
        { new ServeOptions { Urls = "localhost:5080" }, nameof(ServeOptions.Urls) },
        { new ServeOptions { Urls = "" }, nameof(ServeOptions.Urls) },
        { new ServeOptions { Device = (Contract.ExecutionDevice)7 }, nameof(ServeOptions.Device) },
        { new ServeOptions { DeviceId = -1 }, nameof(ServeOptions.DeviceId) },
        { new ServeOptions { Threads = -1 }, nameof(ServeOptions.Threads) },
        { new ServeOptions { MaxBatch = 0 }, nameof(ServeOptions.MaxBatch) },
        { new ServeOptions { MaxBatch = ServeOptions.MaxBatchLimit + 1 }, nameof(ServeOptions.MaxBatch) },
        { new ServeOptions { MaxBodyBytes = ServeOptions.MinBodyBytes - 1 }, nameof(ServeOptions.MaxBodyBytes) },
        { new ServeOptions { LatentPoints = -1 }, nameof(ServeOptions.LatentPoints) },
        { new ServeOptions { DrainSeconds = -1 }, nameof(ServeOptions.DrainSeconds) },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadValue_ThrowsArgumentExceptionNamingTheProperty(ServeOptions options, string property)
    {
        var error = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(property, error.ParamName);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://*:5080;https://+:5443")]
    [InlineData("http://[::1]:0")]
    [InlineData(" http://localhost:5080 ; ")]
    public void CheckUrls_KestrelAddresses_AreAccepted(string urls)
    {
        Assert.Null(ServeOptions.CheckUrls(urls));
        new ServeOptions { Urls = urls }.Validate();
    }
}
