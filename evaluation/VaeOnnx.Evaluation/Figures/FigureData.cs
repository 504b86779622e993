using VaeOnnx.Contract;

namespace VaeOnnx.Evaluation.Figures;

/// <summary>
/// Latent codes reduced to a plane for plotting: the codes themselves when the latent space is 2-D, otherwise
/// their first two principal components (then <see cref="Note"/> says so).
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
}

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
    string XLabel, string YLabel, string Note);

/// <summary>Decoded interpolations between pairs of test images: one row per pair.</summary>
/// <param name="Images">Rows of <paramref name="Steps"/> tiles each, one image of <paramref name="Image"/> per tile.</param>
/// <param name="Image">Shape of each tile: the model's image shape.</param>
/// <param name="Steps">Tiles per row, both end points included.</param>
/// <param name="Pairs">Digits at the two ends of each row.</param>
public sealed record InterpolationRows(float[] Images, ImageShape Image, int Steps, IReadOnlyList<(int From, int To)> Pairs);
