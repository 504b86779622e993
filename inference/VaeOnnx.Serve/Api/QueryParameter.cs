namespace VaeOnnx.Serve.Api;

/// <summary>Endpoint metadata for the OpenAPI document: a query parameter the handler reads itself.</summary>
internal sealed record QueryParameter(string Name, string Description);
