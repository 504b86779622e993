namespace VaeOnnx.Serve.Api;

/// <summary>
/// One layout a <c>.npy</c> body may have, for <see cref="NpyBody.Read"/>: the shape of
/// each row after the batch dimension, the value checks, the field the messages name (<c>'z[3][1]'</c>) and what the
/// rows are (<c>codes of the model's latent_dim</c>).
/// </summary>
internal sealed record NpyRows(int[] RowShape, ValueKind Kind, string Name, string Meaning)
{
    /// <summary>The whole shape as the messages write it, e.g. <c>(N, C, H, W)</c> with the signature's sizes.</summary>
    public string Expected => $"(N, {string.Join(", ", RowShape)})";
}
