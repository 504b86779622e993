using System.Text.Encodings.Web;
using System.Text.Json;

namespace VaeOnnx.Serve.Api;

/// <summary>Writer settings for every JSON body: responses are never embedded in HTML, so quotes stay readable.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
