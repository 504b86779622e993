namespace VaeOnnx.Inference;

// What callers do with a model: encode, decode, reconstruct, sample, interpolate — with a label per image or code when
// the model is conditional (Signature.IsConditional), without one otherwise. Both kinds of call check which kind of
// model they have, so a missing or superfluous label is an ArgumentException, never a wrong answer.
public sealed partial class VaeModel
{
    /// <summary>Encodes images given as floats in [0,1], layout [N, <see cref="ImageSize"/>] (identical to [N,C,H,W]).</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of <see cref="ImageSize"/>, a value outside [0,1] (NaN included), or a conditional model.</exception>
    public VaeLatents Encode(ReadOnlySpan<float> images) => Encode(images, default, labelled: false);

    /// <summary>Encodes images (floats in [0,1]) of a conditional model, with one label in 0..K-1 per image.</summary>
    /// <exception cref="ArgumentException">As the unlabelled overload; also a label count other than N, a label outside 0..K-1, or an unconditional model.</exception>
    public VaeLatents Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels) => Encode(images, labels, labelled: true);

    /// <summary>Encodes images given as bytes 0–255 (scaled <c>x/255</c>), layout [N, <see cref="ImageSize"/>].</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of <see cref="ImageSize"/>, or a conditional model.</exception>
    public VaeLatents Encode(ReadOnlySpan<byte> images) => Encode(images, default, labelled: false);

    /// <summary>Encodes images given as bytes 0–255 of a conditional model, with one label per image.</summary>
    public VaeLatents Encode(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels) => Encode(images, labels, labelled: true);

    /// <summary>Encodes into caller buffers of N×<see cref="LatentDim"/> values each (no allocation).</summary>
    public void Encode(ReadOnlySpan<float> images, Span<float> mu, Span<float> logVar) => Encode(images, default, false, mu, logVar);

    /// <summary>Encodes images of a conditional model into caller buffers (no allocation).</summary>
    public void Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, Span<float> mu, Span<float> logVar) =>
        Encode(images, labels, true, mu, logVar);

    /// <summary>Decodes latent codes, layout [N,<see cref="LatentDim"/>], into N×<see cref="ImageSize"/> pixel means in [0,1].</summary>
    /// <exception cref="ArgumentException">Empty input, length not a multiple of the latent size, NaN/infinity, or a conditional model.</exception>
    public float[] Decode(ReadOnlySpan<float> z) => Decode(z, default, labelled: false);

    /// <summary>Decodes latent codes of a conditional model, each under its label in 0..K-1.</summary>
    public float[] Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels) => Decode(z, labels, labelled: true);

    /// <summary>Decodes into a caller buffer of N×<see cref="ImageSize"/> values (no allocation).</summary>
    public void Decode(ReadOnlySpan<float> z, Span<float> images) => Decode(z, default, false, images);

    /// <summary>Decodes codes of a conditional model into a caller buffer (no allocation).</summary>
    public void Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels, Span<float> images) => Decode(z, labels, true, images);

    /// <summary>Reconstructs images (floats in [0,1], [N, <see cref="ImageSize"/>]): the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images) => Decode(Encode(images).Mu);

    /// <summary>Reconstructs images of a conditional model, encoding and decoding each under its label.</summary>
    public float[] Reconstruct(ReadOnlySpan<float> images, ReadOnlySpan<int> labels) => Decode(Encode(images, labels).Mu, labels);

    /// <summary>Reconstructs images given as bytes 0–255: the decoder applied to the posterior mean.</summary>
    public float[] Reconstruct(ReadOnlySpan<byte> images) => Decode(Encode(images).Mu);

    /// <summary>Reconstructs images given as bytes 0–255 of a conditional model, under their labels.</summary>
    public float[] Reconstruct(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels) => Decode(Encode(images, labels).Mu, labels);

    /// <summary>
    /// <paramref name="count"/> latent codes drawn from N(0, I), reproducible for a given <paramref name="seed"/>
    /// (see <see cref="LatentSampling.StandardNormal"/>), layout [count, <see cref="LatentDim"/>].
    /// </summary>
    public float[] SampleLatents(int count, int seed) => LatentSampling.StandardNormal(count, LatentDim, seed);

    /// <summary>Decodes <paramref name="count"/> codes from N(0, I) (see <see cref="SampleLatents"/>): N×<see cref="ImageSize"/> values.</summary>
    public float[] Sample(int count, int seed) => Decode(SampleLatents(count, seed));

    /// <summary>
    /// Decodes <paramref name="count"/> codes from N(0, I) under one <paramref name="label"/> (a conditional model):
    /// <c>Sample(25, 42, label: 7)</c> draws sevens. The codes are those of <see cref="SampleLatents"/>.
    /// </summary>
    public float[] Sample(int count, int seed, int label) => Decode(SampleLatents(count, seed), Repeat(label, count));

    /// <summary>
    /// <paramref name="steps"/> codes on the straight line from <paramref name="fromZ"/> to <paramref name="toZ"/>,
    /// both ends included, layout [steps, <see cref="LatentDim"/>].
    /// </summary>
    public float[] InterpolateLatents(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps)
    {
        CheckSingleLatent(fromZ, nameof(fromZ));
        CheckSingleLatent(toZ, nameof(toZ));
        return LatentSampling.Line(fromZ, toZ, steps);
    }

    /// <summary>Decodes <paramref name="steps"/> codes linearly spaced from one latent code to another (ends included).</summary>
    public float[] Interpolate(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps) =>
        Decode(InterpolateLatents(fromZ, toZ, steps));

    /// <summary>Decodes the straight line between two codes under one <paramref name="label"/> (a conditional model).</summary>
    public float[] Interpolate(ReadOnlySpan<float> fromZ, ReadOnlySpan<float> toZ, int steps, int label) =>
        Decode(InterpolateLatents(fromZ, toZ, steps), Repeat(label, steps));

    private VaeLatents Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, bool labelled)
    {
        // The count sizes the outputs; the span overload below checks the pixels (once).
        int count = CheckImageCount(images.Length, nameof(images));
        var mu = OutputArray.Float(count * LatentDim);
        var logVar = OutputArray.Float(count * LatentDim);
        Encode(images, labels, labelled, mu, logVar);
        return new VaeLatents(mu, logVar, count, LatentDim);
    }

    private void Encode(ReadOnlySpan<float> images, ReadOnlySpan<int> labels, bool labelled, Span<float> mu, Span<float> logVar)
    {
        int count = CheckImages(images, nameof(images));
        CheckDestination(mu.Length, count * LatentDim, nameof(mu));
        CheckDestination(logVar.Length, count * LatentDim, nameof(logVar));
        using var codes = LabelCodes.Of(this, labels, labelled, count);
        EncodeChunks(images, codes.Span, count, mu, logVar);
    }

    private VaeLatents Encode(ReadOnlySpan<byte> images, ReadOnlySpan<int> labels, bool labelled)
    {
        int count = CheckImageCount(images.Length, nameof(images));
        using var codes = LabelCodes.Of(this, labels, labelled, count);
        var mu = OutputArray.Float(count * LatentDim);
        var logVar = OutputArray.Float(count * LatentDim);
        EncodeBytes(images, codes.Span, count, mu, logVar);
        return new VaeLatents(mu, logVar, count, LatentDim);
    }

    private float[] Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels, bool labelled)
    {
        // The count sizes the output; the span overload below checks the values (once).
        int count = CheckLatentCount(z.Length, nameof(z));
        var images = OutputArray.Float(count * ImageSize);
        Decode(z, labels, labelled, images);
        return images;
    }

    private void Decode(ReadOnlySpan<float> z, ReadOnlySpan<int> labels, bool labelled, Span<float> images)
    {
        int count = CheckLatents(z, nameof(z));
        CheckDestination(images.Length, count * ImageSize, nameof(images));
        using var codes = LabelCodes.Of(this, labels, labelled, count);
        DecodeChunks(z, codes.Span, count, images);
    }

    private static int[] Repeat(int label, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var labels = new int[count];
        labels.AsSpan().Fill(label);
        return labels;
    }
}
