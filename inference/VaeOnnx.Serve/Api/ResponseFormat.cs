namespace VaeOnnx.Serve.Api;

/// <summary>
/// How an answer carries its images: JSON floats (the default), PNG (<c>?format=png</c>), or a float32 .npy body
/// (<c>Accept: application/x-npy</c>, on the endpoints that take batches: decode and encode).
/// </summary>
internal enum ResponseFormat
{
    /// <summary>JSON with float arrays.</summary>
    Json,

    /// <summary>PNG images: one <c>image/png</c> for a single decoded code, base64 strings in JSON otherwise.</summary>
    Png,

    /// <summary>An <c>application/x-npy</c> body.</summary>
    Npy,
}
