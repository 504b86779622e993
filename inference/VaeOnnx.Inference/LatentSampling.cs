namespace VaeOnnx.Inference;

/// <summary>
/// Latent codes drawn from the prior and on straight lines: the one copy the library, the CLI, the server and the
/// evaluation all use, so that a seed means the same codes everywhere.
/// </summary>
public static class LatentSampling
{
    /// <summary>
    /// <paramref name="count"/> codes of <paramref name="latentDim"/> values from N(0, I), reproducible for a given
    /// <paramref name="seed"/>: <see cref="System.Random"/>(seed) with the Box–Muller transform, row-major.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A non-positive count or size, or more values than an array holds.</exception>
    public static float[] StandardNormal(int count, int latentDim, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentDim);
        long length = count * (long)latentDim;
        if (count <= 0 || length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "count must be positive (and not absurdly large)");
        }
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < length; i += 2)
        {
            // Box–Muller: two uniforms in (0,1] → two independent standard normals.
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < length)
            {
                values[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
        return values;
    }

    /// <summary>
    /// <paramref name="steps"/> codes evenly spaced on the straight line from <paramref name="from"/> to
    /// <paramref name="to"/>, both ends included, row-major.
    /// </summary>
    /// <exception cref="ArgumentException">The ends differ in length or are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 steps.</exception>
    public static float[] Line(ReadOnlySpan<float> from, ReadOnlySpan<float> to, int steps)
    {
        if (from.IsEmpty || from.Length != to.Length)
        {
            throw new ArgumentException($"the ends of a line must be codes of one size, got {from.Length} and {to.Length} values", nameof(to));
        }
        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "interpolation needs at least 2 steps (both ends)");
        }
        int d = from.Length;
        var z = new float[steps * d];
        for (int s = 0; s < steps; s++)
        {
            float t = (float)s / (steps - 1);
            var row = z.AsSpan(s * d, d);
            for (int k = 0; k < d; k++)
            {
                row[k] = from[k] + ((to[k] - from[k]) * t);
            }
        }
        return z;
    }
}
