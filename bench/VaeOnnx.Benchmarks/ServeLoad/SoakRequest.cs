namespace VaeOnnx.Benchmarks.ServeLoad;

/// <summary>
/// One kind of request in the soak's mix.
/// </summary>
/// <param name="Name">Short name in the report (e.g. <c>decode-npy</c>, <c>bad-json</c>).</param>
/// <param name="Endpoint">Method and path, e.g. <c>POST /v1/decode</c>.</param>
/// <param name="Malformed">Whether the request is malformed on purpose: it must be answered 4xx; a well-formed one 2xx or 304.</param>
/// <param name="ExpectedStatus">The status the API documents for this malformed request (reported beside what came; any 4xx passes).</param>
/// <param name="Weight">Relative frequency within its class (well-formed or malformed).</param>
/// <param name="Create">A fresh request (a request message cannot be sent twice); the argument varies the body.</param>
internal sealed record SoakRequest(string Name, string Endpoint, bool Malformed, int? ExpectedStatus, double Weight, Func<int, HttpRequestMessage> Create);
