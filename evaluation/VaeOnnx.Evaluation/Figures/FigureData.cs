using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Latent codes reduced to a plane for plotting: the codes themselves when the latent space is 2-D, otherwise
/// their first two principal components (then <see cref="Note"/> says so) or their t-SNE. <see cref="Method"/> names
/// the view and <see cref="Quality"/>, once measured, says how far its neighbourhoods can be trusted.
/// </summary>
/// <param name="X">First coordinate per point.</param>
/// <param name="Y">Second coordinate per point.</param>
/// <param name="Labels">Digit per point.</param>
/// <param name="XLabel">Axis label of <paramref name="X"/> (e.g. "z₁" or "PC1 (61 % of variance)").</param>
/// <param name="YLabel">Axis label of <paramref name="Y"/>.</param>
/// <param name="Note">Shown under plane figures when the axes are principal components; null otherwise.</param>
public sealed record LatentPlane(double[] X, double[] Y, byte[] Labels, string XLabel, string YLabel, string? Note)
{
    /// <summary>Number of points.</summary>
    public int Count => X.Length;

    /// <summary>How the view was made.</summary>
    public EmbeddingMethod Method { get; init; } = EmbeddingMethod.Latent;

    /// <summary>Trustworthiness and 1-NN accuracy of the view, when measured.</summary>
    public ViewQuality? Quality { get; init; }

    /// <summary>The points as x, y, x, y, …</summary>
    public double[] Interleaved()
    {
        var points = new double[2 * Count];
        for (int i = 0; i < Count; i++)
        {
            points[2 * i] = X[i];
            points[(2 * i) + 1] = Y[i];
        }
        return points;
    }
}

/// <summary>How well a 2-D view keeps the neighbourhoods of the latent space.</summary>
/// <param name="Trustworthiness">Trustworthiness with <paramref name="Neighbours"/> neighbours (1 = no intruders).</param>
/// <param name="OneNnAccuracy">Leave-one-out 1-NN accuracy of the digit labels in the view.</param>
/// <param name="Neighbours">The neighbourhood size of <paramref name="Trustworthiness"/>.</param>
public sealed record ViewQuality(double Trustworthiness, double OneNnAccuracy, int Neighbours);

/// <summary>Decoded images on a regular grid over the latent plane.</summary>
/// <param name="Images">Row-major tiles, top row first (largest <paramref name="RowValues"/> on top), one image of <paramref name="Image"/> each.</param>
/// <param name="Image">Shape of each tile: the model's image shape.</param>
/// <param name="Size">Tiles per side.</param>
/// <param name="ColumnValues">Plane coordinate of each column, left to right.</param>
/// <param name="RowValues">Plane coordinate of each row, top to bottom.</param>
/// <param name="XLabel">Axis label of the columns.</param>
/// <param name="YLabel">Axis label of the rows.</param>
/// <param name="Note">How the grid was placed (along the latent axes or the principal components).</param>
public sealed record ManifoldGrid(float[] Images, ImageShape Image, int Size, double[] ColumnValues, double[] RowValues,
    string XLabel, string YLabel, string Note)
{
    /// <summary>The label every tile was decoded under (a conditional model), or null.</summary>
    public int? Label { get; init; }
}

/// <summary>Decoded interpolations between pairs of test images: one row per pair.</summary>
/// <param name="Images">Rows of <paramref name="Steps"/> tiles each, one image of <paramref name="Image"/> per tile.</param>
/// <param name="Image">Shape of each tile: the model's image shape.</param>
/// <param name="Steps">Tiles per row, both end points included.</param>
/// <param name="Pairs">Digits at the two ends of each row.</param>
public sealed record InterpolationRows(float[] Images, ImageShape Image, int Steps, IReadOnlyList<(int From, int To)> Pairs)
{
    /// <summary>Whether each row was decoded under the label of its first digit (a conditional model).</summary>
    public bool UnderFirstLabel { get; init; }
}

/// <summary>Test images and their μ decoded under every label (a conditional model).</summary>
/// <param name="Originals">The test images, one after the other.</param>
/// <param name="Decoded">For each image, its μ decoded under labels 0..K-1, image after image.</param>
/// <param name="Image">Shape of each tile.</param>
/// <param name="Indices">Test-set index of each image.</param>
/// <param name="Digits">True digit of each image.</param>
/// <param name="Labels">Labels K each μ was decoded under.</param>
public sealed record StyleTransferRows(float[] Originals, float[] Decoded, ImageShape Image, int[] Indices, int[] Digits, int Labels)
{
    /// <summary>Number of rows (images).</summary>
    public int Count => Indices.Length;
}
