namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// Leave-one-out 1-nearest-neighbour accuracy: the share of points whose nearest other point has the same label.
/// A classifier with no parameters, so it says how well a space (or a 2-D view of it) keeps the classes apart
/// locally.
/// </summary>
public static class NeighbourAccuracy
{
    /// <summary>
    /// The accuracy from each point's neighbours, nearest first, <paramref name="k"/> per point (only the first is
    /// used), as <see cref="VantagePointTree.AllNeighbours"/> returns them.
    /// </summary>
    public static double OneNearest(ReadOnlySpan<int> neighbours, int k, ReadOnlySpan<byte> labels)
    {
        if (k < 1 || neighbours.Length != (long)labels.Length * k || labels.IsEmpty)
        {
            throw new ArgumentException($"need {k} neighbours for each of {labels.Length} labelled points, got {neighbours.Length}");
        }
        int same = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[neighbours[i * k]] == labels[i])
            {
                same++;
            }
        }
        return (double)same / labels.Length;
    }
}
