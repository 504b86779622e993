namespace VaeOnnx.Serve.Api;

/// <summary>
/// Validated images of a request ready for the encoder: <see cref="Rows"/> images of the model's size, row-major floats
/// in [0, 1], and for a conditional model one class label each (null for an unconditional one).
/// </summary>
internal sealed record ImageBatch(float[] Images, int Rows, int[]? Labels);
