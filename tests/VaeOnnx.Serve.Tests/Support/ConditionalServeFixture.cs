namespace VaeOnnx.Serve.Tests.Support;

/// <summary><see cref="ServeFixture"/> around a conditional tiny VAE (latent 2, labels 0..9).</summary>
public sealed class ConditionalServeFixture() : ServeFixture(TinyVae.Create(latent: 2, hidden: 16, seed: 4, classes: 10))
{
    public const int Classes = 10;

    /// <summary>The dataset's labels as the model takes them.</summary>
    public int[] Labels => [.. DatasetLabels.Select(l => (int)l)];
}
