namespace VaeOnnx.Serve.Api;

/// <summary>What a numeric array holds, for the value checks and the messages.</summary>
internal enum ValueKind
{
    /// <summary>Latent codes: any finite float32.</summary>
    Latent,

    /// <summary>Pixels: finite and within [0, 1].</summary>
    Pixel,
}
