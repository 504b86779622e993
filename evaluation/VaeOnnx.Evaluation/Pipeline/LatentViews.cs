using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Figures;

namespace VaeOnnx.Evaluation.Pipeline;

/// <summary>The 2-D views of the test μ, each with its quality, and how the t-SNE went.</summary>
/// <param name="Planes">The views: the latent axes (d = 2) or PCA first, then t-SNE when it ran.</param>
/// <param name="LatentOneNnAccuracy">Leave-one-out 1-NN accuracy of the labels in the latent space itself (the bar for the views).</param>
/// <param name="TSne">The t-SNE run, or null.</param>
/// <param name="TSneNote">Why there is no t-SNE view (off by default for d = 2, <c>--no-tsne</c>, too few points), or null.</param>
public sealed record LatentViews(IReadOnlyList<LatentPlane> Planes, double LatentOneNnAccuracy, TSneRun? TSne, string? TSneNote)
{
    /// <summary>The plane the manifold is drawn on: the latent axes or the principal components.</summary>
    public LatentPlane Primary => Planes[0];
}

/// <summary>A t-SNE of the test μ.</summary>
/// <param name="Settings">How it ran.</param>
/// <param name="Result">The embedding and its facts.</param>
/// <param name="Seconds">Wall time, neighbour search included.</param>
public sealed record TSneRun(TSneSettings Settings, TSneResult Result, double Seconds);
