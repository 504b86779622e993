namespace VaeOnnx.Evaluation.Analysis;

/// <summary>
/// t-SNE's input similarities as scikit-learn's <c>_joint_probabilities_nn</c> computes them: for each point a
/// Gaussian over the squared distances to its nearest neighbours whose precision is found by bisection so that the
/// conditional distribution p(j|i) has the requested perplexity (entropy log(perplexity) nats, tolerance 1e-5, at
/// most 100 steps), then P = (P + Pᵀ) / sum, a sparse symmetric matrix in compressed rows.
/// </summary>
/// <param name="Count">Number of points (rows).</param>
/// <param name="RowStart">Row i's entries are at <c>RowStart[i] .. RowStart[i+1]-1</c>.</param>
/// <param name="Columns">Column (the other point) of each entry, ascending within a row.</param>
/// <param name="Values">pᵢⱼ of each entry; all entries sum to 1.</param>
public sealed record TSneAffinities(int Count, int[] RowStart, int[] Columns, double[] Values)
{
    private const double EntropyTolerance = 1e-5;
    private const int BisectionSteps = 100;

    /// <summary>Sum of row <paramref name="i"/>.</summary>
    public double RowSum(int i)
    {
        double sum = 0;
        for (int e = RowStart[i]; e < RowStart[i + 1]; e++)
        {
            sum += Values[e];
        }
        return sum;
    }

    /// <summary>
    /// The joint probabilities from each point's <paramref name="k"/> nearest neighbours (indices and Euclidean
    /// distances <c>[count, k]</c> row-major, as <see cref="VantagePointTree.AllNeighbours"/> returns them).
    /// </summary>
    public static TSneAffinities Compute(int[] neighbours, double[] distances, int count, int k, double perplexity,
        int maxDegreeOfParallelism = -1)
    {
        if (neighbours.Length != count * k || distances.Length != count * k)
        {
            throw new ArgumentException($"need {count}×{k} neighbours and distances");
        }
        if (!(perplexity > 0) || perplexity >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(perplexity), perplexity, $"perplexity must be positive and below the number of points ({count})");
        }
        var conditional = new double[count * k];
        double desiredEntropy = Math.Log(perplexity);
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
            Calibrate(distances.AsSpan(i * k, k), desiredEntropy, conditional.AsSpan(i * k, k)));
        return Symmetrise(neighbours, conditional, count, k);
    }

    // Bisection on the precision β of exp(-β d²), step for step as scikit-learn's _binary_search_perplexity.
    private static void Calibrate(ReadOnlySpan<double> distances, double desiredEntropy, Span<double> p)
    {
        Span<double> squared = stackalloc double[distances.Length];
        for (int j = 0; j < distances.Length; j++)
        {
            // scikit-learn squares the neighbour distances and searches in float32: the same values here.
            squared[j] = (float)(distances[j] * distances[j]);
        }
        double beta = 1, betaMin = double.NegativeInfinity, betaMax = double.PositiveInfinity;
        for (int step = 0; step < BisectionSteps; step++)
        {
            double sum = 0;
            for (int j = 0; j < p.Length; j++)
            {
                p[j] = Math.Exp(-squared[j] * beta);
                sum += p[j];
            }
            if (sum == 0)
            {
                sum = 1e-8;
            }
            double weighted = 0;
            for (int j = 0; j < p.Length; j++)
            {
                p[j] /= sum;
                weighted += squared[j] * p[j];
            }
            double entropy = Math.Log(sum) + (beta * weighted);
            double difference = entropy - desiredEntropy;
            if (Math.Abs(difference) <= EntropyTolerance)
            {
                break;
            }
            if (difference > 0)
            {
                betaMin = beta;
                beta = double.IsPositiveInfinity(betaMax) ? beta * 2 : (beta + betaMax) / 2;
            }
            else
            {
                betaMax = beta;
                beta = double.IsNegativeInfinity(betaMin) ? beta / 2 : (beta + betaMin) / 2;
            }
        }
    }

    private static TSneAffinities Symmetrise(int[] neighbours, double[] conditional, int count, int k)
    {
        // Every p(j|i) lands in row i at column j and in row j at column i; duplicates (mutual neighbours) add up.
        var rowStart = new int[count + 1];
        for (int i = 0; i < count; i++)
        {
            rowStart[i + 1] += k;
            for (int m = 0; m < k; m++)
            {
                rowStart[neighbours[(i * k) + m] + 1]++;
            }
        }
        for (int i = 0; i < count; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }
        var fill = rowStart[..count];
        var columns = new int[rowStart[count]];
        var values = new double[rowStart[count]];
        for (int i = 0; i < count; i++)
        {
            for (int m = 0; m < k; m++)
            {
                int j = neighbours[(i * k) + m];
                double v = conditional[(i * k) + m];
                columns[fill[i]] = j;
                values[fill[i]++] = v;
                columns[fill[j]] = i;
                values[fill[j]++] = v;
            }
        }
        var compactStart = new int[count + 1];
        int written = 0;
        double total = 0;
        for (int i = 0; i < count; i++)
        {
            int start = rowStart[i], length = rowStart[i + 1] - start;
            Array.Sort(columns, values, start, length);
            compactStart[i] = written;
            for (int e = start; e < start + length; e++)
            {
                if (written > compactStart[i] && columns[written - 1] == columns[e])
                {
                    values[written - 1] += values[e];
                }
                else
                {
                    columns[written] = columns[e];
                    values[written++] = values[e];
                }
                total += values[e];
            }
        }
        compactStart[count] = written;
        total = Math.Max(total, double.Epsilon);
        var finalValues = new double[written];
        for (int e = 0; e < written; e++)
        {
            finalValues[e] = values[e] / total;
        }
        return new TSneAffinities(count, compactStart, columns[..written], finalValues);
    }
}
