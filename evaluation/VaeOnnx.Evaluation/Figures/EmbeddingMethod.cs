namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// How a 2-D view of the latent means was made. The one place the views' names are built: the panel titles and
/// the file each view is written to, <c>embedding_&lt;id&gt;_test.npy</c> (float32 [N,2]) beside the latents.
/// </summary>
/// <param name="Id">Short name in file names and <c>metrics.json</c>.</param>
/// <param name="Title">Name in titles and tables.</param>
public sealed record EmbeddingMethod(string Id, string Title)
{
    /// <summary>The latent axes themselves (a 2-D latent space: the view is exact and writes no file of its own).</summary>
    public static EmbeddingMethod Latent { get; } = new("latent", "latent axes");

    /// <summary>The first two principal components.</summary>
    public static EmbeddingMethod Pca { get; } = new("pca", "PCA");

    /// <summary>Barnes–Hut t-SNE.</summary>
    public static EmbeddingMethod TSne { get; } = new("tsne", "t-SNE");

    /// <summary>The file the view of the test μ is written to; null for <see cref="Latent"/> (that is the latents' own file).</summary>
    public string? TestFileName => this == Latent ? null : $"embedding_{Id}_test.npy";
}
