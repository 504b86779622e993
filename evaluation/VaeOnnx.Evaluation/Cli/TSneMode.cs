namespace VaeOnnx.Evaluation.Cli;

/// <summary>When the t-SNE view of the test μ is computed (<c>--tsne</c>, <c>--no-tsne</c>).</summary>
public enum TSneMode
{
    /// <summary>When the latent space has more than two dimensions (a 2-D latent space is its own exact picture).</summary>
    Auto,

    /// <summary>For every latent size (<c>--tsne</c>).</summary>
    Always,

    /// <summary>Never (<c>--no-tsne</c>).</summary>
    Never,
}
