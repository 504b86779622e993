namespace VaeOnnx.Serve.Api;

/// <summary>What a request body holds, by its Content-Type.</summary>
internal enum BodyKind
{
    /// <summary><c>application/json</c> or any <c>application/*+json</c>.</summary>
    Json,

    /// <summary><c>image/png</c>.</summary>
    Png,

    /// <summary><c>application/x-npy</c> (<see cref="NpyBody"/>).</summary>
    Npy,
}
