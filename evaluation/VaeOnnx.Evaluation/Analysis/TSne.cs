using System.Diagnostics;

namespace VaeOnnx.Evaluation.Analysis;

/// <summary>How <see cref="TSne"/> runs: scikit-learn's <c>TSNE</c> defaults (1.2).</summary>
public sealed record TSneSettings
{
    /// <summary>Default <see cref="Perplexity"/>.</summary>
    public const double DefaultPerplexity = 30;

    /// <summary>Effective number of neighbours of each point's Gaussian; 3·perplexity + 1 neighbours are searched.</summary>
    public double Perplexity { get; init; } = DefaultPerplexity;

    /// <summary>Gradient steps in all.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Steps at the start with P multiplied by <see cref="EarlyExaggeration"/> and momentum 0.5 (0.8 after).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Factor on P during the first steps, which lets clusters form and move apart.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Barnes–Hut accuracy: cells narrower than θ times their distance count as one point; below 1/√2.</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Step size; null is scikit-learn's "auto", max(N / <see cref="EarlyExaggeration"/> / 4, 50).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Threads for the neighbour search and the gradient; -1 = all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>What <see cref="TSne.Embed"/> produced.</summary>
/// <param name="Embedding">2-D coordinates, x, y per point.</param>
/// <param name="KlDivergence">KL(P‖Q) of the final embedding (Q with the Barnes–Hut normaliser).</param>
/// <param name="Neighbours">Nearest neighbours per point the similarities were built from.</param>
/// <param name="LearningRate">Step size used.</param>
/// <param name="NeighbourSeconds">Time of the neighbour search and the perplexity calibration.</param>
/// <param name="OptimiseSeconds">Time of the gradient descent.</param>
public sealed record TSneResult(double[] Embedding, double KlDivergence, int Neighbours, double LearningRate,
    double NeighbourSeconds, double OptimiseSeconds);

/// <summary>
/// Barnes–Hut t-SNE (van der Maaten 2014) to two dimensions, following scikit-learn's <c>TSNE</c>: similarities from
/// the exact 3·perplexity + 1 nearest neighbours (<see cref="VantagePointTree"/>, <see cref="TSneAffinities"/>), a
/// Student-t kernel with one degree of freedom in the plane, attraction summed over the sparse P and repulsion
/// through a <see cref="BarnesHutQuadTree"/> (O(N log N) per step), PCA initialisation scaled to a standard deviation
/// of 1e-4, and gradient descent with momentum and per-coordinate gains (+0.2 / ×0.8, at least 0.01), exaggerated
/// P for the first 250 steps. There are no random numbers in it, and the forces of each point are summed in a
/// fixed order on any number of threads, so a given input always gives the same embedding.
/// </summary>
public static class TSne
{
    private const double MinGain = 0.01;

    /// <summary>Embeds <paramref name="count"/> rows of <paramref name="dimension"/> values (row-major) in the plane.</summary>
    /// <exception cref="ArgumentException">Fewer than 3 rows, a perplexity not below the row count, or bad settings.</exception>
    public static TSneResult Embed(ReadOnlySpan<float> points, int count, int dimension, TSneSettings settings)
    {
        Check(points.Length, count, dimension, settings);
        var clock = Stopwatch.StartNew();
        int k = Math.Min(count - 1, (int)((3 * settings.Perplexity) + 1));
        var (neighbours, distances) = VantagePointTree.Build(points, count, dimension).AllNeighbours(k, settings.MaxDegreeOfParallelism);
        var p = TSneAffinities.Compute(neighbours, distances, count, k, settings.Perplexity, settings.MaxDegreeOfParallelism);
        double neighbourSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();

        var y = Initial(points, count, dimension);
        double rate = settings.LearningRate ?? Math.Max(count / settings.EarlyExaggeration / 4, 50);
        var descent = new Descent(p, settings.Theta, settings.MaxDegreeOfParallelism);
        int exaggerated = Math.Min(settings.ExaggerationIterations, settings.Iterations);
        descent.Run(y, exaggerated, settings.EarlyExaggeration, momentum: 0.5, rate);
        descent.Run(y, settings.Iterations - exaggerated, 1, momentum: 0.8, rate);
        double kl = descent.KlDivergence(y);
        return new TSneResult(y, kl, k, rate, neighbourSeconds, clock.Elapsed.TotalSeconds);
    }

    private static void Check(int length, int count, int dimension, TSneSettings settings)
    {
        if (count < 3 || dimension < 1 || length != (long)count * dimension)
        {
            throw new ArgumentException($"t-SNE needs at least 3 rows of {dimension} values; got {length} values for {count} rows");
        }
        if (!(settings.Perplexity > 0) || settings.Perplexity >= count)
        {
            throw new ArgumentException($"t-SNE perplexity {settings.Perplexity} must be positive and below the number of points ({count})");
        }
        if (settings.Iterations < 1 || settings.ExaggerationIterations < 0 || !(settings.EarlyExaggeration >= 1))
        {
            throw new ArgumentException("t-SNE needs at least one iteration, a non-negative exaggeration phase and an exaggeration of at least 1");
        }
        if (!(settings.Theta >= 0 && settings.Theta < Math.Sqrt(0.5)))
        {
            // A larger θ could summarise the cell a point sits in, with the point itself inside.
            throw new ArgumentException($"Barnes–Hut θ {settings.Theta} must be in [0, 1/√2)");
        }
        if (settings.LearningRate is { } rate && !(rate > 0))
        {
            throw new ArgumentException($"t-SNE learning rate {rate} must be positive");
        }
    }

    // scikit-learn's init="pca": the first two principal components, scaled so the first has std 1e-4.
    private static double[] Initial(ReadOnlySpan<float> points, int count, int dimension)
    {
        var y = new double[2 * count];
        var pca = Pca.Fit(points, count, dimension);
        int components = Math.Min(2, dimension);
        var projected = pca.Project(points, components);
        for (int i = 0; i < count; i++)
        {
            y[2 * i] = projected[i * components];
            y[(2 * i) + 1] = components > 1 ? projected[(i * components) + 1] : 0;
        }
        double mean = 0, square = 0;
        for (int i = 0; i < count; i++)
        {
            mean += y[2 * i];
        }
        mean /= count;
        for (int i = 0; i < count; i++)
        {
            square += (y[2 * i] - mean) * (y[2 * i] - mean);
        }
        double std = Math.Sqrt(square / count);
        double scale = std > 0 ? 1e-4 / std : 1;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] *= scale;
        }
        if (dimension == 1)
        {
            // One input dimension leaves the second coordinate at zero for every point: spread it a hair
            // (deterministically) so the gradient can move points apart in both directions.
            for (int i = 0; i < count; i++)
            {
                y[(2 * i) + 1] = 1e-4 * (((i * 0.618033988749895) % 1) - 0.5);
            }
        }
        return y;
    }

    /// <summary>Gradient descent on KL(P‖Q) with Barnes–Hut repulsion, as scikit-learn's _gradient_descent.</summary>
    private sealed class Descent(TSneAffinities p, double theta, int maxDegreeOfParallelism)
    {
        // Points per parallel work item: enough to amortise scheduling, small enough to balance two cores.
        private const int Block = 256;

        private readonly BarnesHutQuadTree _tree = new();
        private readonly double[] _gradient = new double[2 * p.Count];
        private readonly double[] _z = new double[p.Count];
        private readonly int _blocks = (p.Count + Block - 1) / Block;
        private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        private readonly double _thetaSquared = theta * theta;

        public void Run(double[] y, int steps, double exaggeration, double momentum, double rate)
        {
            // Each stage starts from rest with unit gains, as in scikit-learn.
            var update = new double[y.Length];
            var gains = new double[y.Length];
            Array.Fill(gains, 1.0);
            for (int step = 0; step < steps; step++)
            {
                Gradient(y, exaggeration);
                for (int c = 0; c < y.Length; c++)
                {
                    double g = _gradient[c];
                    // Gains grow while the step keeps its direction and shrink when it reverses.
                    gains[c] = update[c] * g < 0 ? gains[c] + 0.2 : gains[c] * 0.8;
                    if (gains[c] < MinGain)
                    {
                        gains[c] = MinGain;
                    }
                    update[c] = (momentum * update[c]) - (rate * gains[c] * g);
                    y[c] += update[c];
                }
            }
        }

        /// <summary>KL(P‖Q) = Σ pᵢⱼ log(pᵢⱼ / qᵢⱼ) over the stored pᵢⱼ, with Q normalised by the tree's Z.</summary>
        public double KlDivergence(double[] y)
        {
            double z = Repulsion(y);
            double kl = 0;
            for (int i = 0; i < p.Count; i++)
            {
                for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
                {
                    int j = p.Columns[e];
                    double dx = y[2 * i] - y[2 * j], dy = y[(2 * i) + 1] - y[(2 * j) + 1];
                    double q = 1 / (1 + (dx * dx) + (dy * dy)) / z;
                    double pij = p.Values[e];
                    kl += pij * Math.Log(Math.Max(pij, float.Epsilon) / Math.Max(q, float.Epsilon));
                }
            }
            return kl;
        }

        // ∂KL/∂yᵢ = 4 (Σⱼ pᵢⱼ qᵢⱼ (yᵢ − yⱼ) − Σⱼ qᵢⱼ² (yᵢ − yⱼ) / Z), q unnormalised, Z = Σ qᵢⱼ over all pairs.
        private void Gradient(double[] y, double exaggeration)
        {
            double z = Repulsion(y);
            Parallel.For(0, _blocks, _parallel, b =>
            {
                int end = Math.Min(p.Count, (b + 1) * Block);
                for (int i = b * Block; i < end; i++)
                {
                    double yx = y[2 * i], yy = y[(2 * i) + 1], ax = 0, ay = 0;
                    for (int e = p.RowStart[i]; e < p.RowStart[i + 1]; e++)
                    {
                        int j = p.Columns[e];
                        double dx = yx - y[2 * j], dy = yy - y[(2 * j) + 1];
                        double pq = exaggeration * p.Values[e] / (1 + (dx * dx) + (dy * dy));
                        ax += pq * dx;
                        ay += pq * dy;
                    }
                    _gradient[2 * i] = 4 * (ax - (_gradient[2 * i] / z));
                    _gradient[(2 * i) + 1] = 4 * (ay - (_gradient[(2 * i) + 1] / z));
                }
            });
        }

        // Builds the tree, leaves each point's repulsive force in _gradient and returns Z: the points' shares are
        // added in index order, so the sum does not depend on the threads.
        private double Repulsion(double[] y)
        {
            _tree.Build(y, p.Count);
            _tree.Repulsion(_thetaSquared, _z, _gradient, _parallel);
            double total = 0;
            foreach (double z in _z)
            {
                total += z;
            }
            return total;
        }
    }
}
