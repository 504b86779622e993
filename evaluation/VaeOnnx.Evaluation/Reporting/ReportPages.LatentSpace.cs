using VaeOnnx.Evaluation.Analysis;
using VaeOnnx.Evaluation.Pipeline;

namespace VaeOnnx.Evaluation.Reporting;

// The latent-space section's text: how the 2-D views were made and what their neighbourhoods are worth.
public static partial class ReportPages
{
    private static List<Block> LatentBlocks(EvaluationResult r)
    {
        var views = r.Views;
        var blocks = new List<Block>();
        if (r.Pca is not null)
        {
            blocks.Add(new Paragraph(Invariant($"The latent space has {r.LatentDim} dimensions: the PCA view, the density contours and the manifold use the first two principal components of the test μ (explained variance {string.Join(", ", r.Pca.ExplainedVarianceRatio.Take(2).Select(v => Invariant($"{v * 100:0.0} %")))}).")));
        }
        if (views.TSne is { } t)
        {
            blocks.Add(new Paragraph(Invariant($"t-SNE of all {views.Primary.Count:N0} test μ (Barnes–Hut as scikit-learn's `TSNE` defaults: perplexity {t.Settings.Perplexity}, {t.Result.Neighbours} exact neighbours, θ {t.Settings.Theta}, {t.Settings.Iterations} steps with early exaggeration {t.Settings.EarlyExaggeration} for the first {t.Settings.ExaggerationIterations}, learning rate {t.Result.LearningRate:0.#}, PCA start; deterministic): {t.Seconds:0.0} s on {t.Settings.MaxDegreeOfParallelism} threads (beside the classifiers, which fit in the background), final KL divergence {t.Result.KlDivergence:0.000}. It keeps neighbourhoods, not distances: the gaps between clusters and their sizes carry no meaning.")));
        }
        else if (views.TSneNote is { } note)
        {
            blocks.Add(new Paragraph(note + "."));
        }
        blocks.Add(new TableBlock(new Table(["view", $"trustworthiness (k = {Trustworthiness.DefaultNeighbours})", "1-NN accuracy", "file"],
            [
                .. views.Planes.Select(v => new[]
                {
                    v.Method.Title, F(v.Quality?.Trustworthiness ?? double.NaN, 4), F(v.Quality?.OneNnAccuracy ?? double.NaN, 4),
                    v.Method.TestFileName is { } file ? $"`{file}`" : "(the latents)",
                }),
                [Invariant($"the {r.LatentDim}-D latent space itself"), "", F(views.LatentOneNnAccuracy, 4), "`latents_test.npy`"],
            ],
            "2-D views of the test μ: trustworthiness as scikit-learn's (1 = no neighbour in the view is a stranger in μ), leave-one-out 1-NN accuracy of the digit")));
        return blocks;
    }
}
