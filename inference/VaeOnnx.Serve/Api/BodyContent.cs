namespace VaeOnnx.Serve.Api;

/// <summary>
/// Endpoint metadata for the OpenAPI document: a body an endpoint takes (<see cref="Status"/> null) or answers with
/// (<see cref="Status"/> set) in <see cref="MediaType"/>, described by the JSON schema of <see cref="Schema"/>, or as
/// binary when that is null (<c>application/x-npy</c>, <c>image/png</c>). Request bodies are declared this way rather
/// than with <c>Accepts</c>, whose metadata would also make routing refuse other content types with a bare 415 — the
/// handlers answer that themselves, with a detail that lists what they take. <see cref="Optional"/>: a request may come without a body.
/// </summary>
internal sealed record BodyContent(int? Status, string MediaType, string Description, Type? Schema = null, bool Optional = false);
