using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static VaeOnnx.Serve.Api.ApiSchemas;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// Every route of the server with what the OpenAPI document says about it: summary, bodies (JSON schemas from
/// <see cref="ApiSchemas"/>; request bodies and binary answers as <see cref="BodyContent"/>), query parameters and every status it answers.
/// Handlers are mapped as <c>Func&lt;HttpContext, Task&gt;</c> rather than <see cref="RequestDelegate"/>: the API
/// explorer behind the document lists route handlers only.
/// </summary>
internal static class ApiRoutes
{
    private const string Json = "application/json";
    private const string ProblemsNote = "Every error is application/problem+json (RFC 7807) whose detail names the field.";
    private static readonly int[] BodyProblems =
        [StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity];

    public static void Map(WebApplication app, VaeApi api, StaticAssets assets, ServeMetrics metrics)
    {
        Get(app, "/healthz", VaeApi.HealthAsync, "Health", "Liveness: 200 while the server runs.")
            .Produces<Health>(StatusCodes.Status200OK, Json);
        Get(app, "/v1/model", api.ModelAsync, "Model", "The model's signature (image shape, latent size, conditioning), provider and the request limits.")
            .Produces<ModelInfo>(StatusCodes.Status200OK, Json);
        Get(app, "/v1/latents", api.LatentsAsync, "Latents",
                "The test-set points of the explorer's map and the plane they lie on (ETag; 304 for If-None-Match).")
            .Produces<Latents>(StatusCodes.Status200OK, Json)
            .Produces(StatusCodes.Status304NotModified);
        Post(app, "/v1/decode", api.DecodeAsync, "Decode",
                "Latent codes to images. JSON {z, labels} or a float32 .npy [N, latentDim] body; answers JSON floats, PNG (?format=png) or "
                + "float32 .npy [N, C, H, W] (Accept: application/x-npy). " + ProblemsNote)
            .WithMetadata(
                new BodyContent(null, Json, "Codes (and labels) as JSON", typeof(DecodeRequest)),
                new BodyContent(null, NpyBody.MediaType, "float32 (or float64) [N, latentDim], C order; labels in the query"),
                new BodyContent(StatusCodes.Status200OK, NpyBody.MediaType, "With Accept: application/x-npy: float32 [N, C, H, W] pixel means in [0,1]"),
                new BodyContent(StatusCodes.Status200OK, RequestBody.Png, "With ?format=png and a single (flat) code: one grey PNG"),
                Format(),
                Labels("code"))
            .Produces<DecodedImages>(StatusCodes.Status200OK, Json)
            .WithProblems(BodyProblems);
        Post(app, "/v1/encode", api.EncodeAsync, "Encode",
                "Images to their posterior (μ, log σ²). A PNG (one image of the model's size; ?label= for a conditional model), JSON {image, labels} "
                + "or a float32 .npy [N, C, H, W] body; answers JSON, or float32 .npy [2, N, latentDim] (μ then log σ²) with Accept: application/x-npy. "
                + ProblemsNote)
            .WithMetadata(
                new BodyContent(null, Json, "Images (and labels) as JSON", typeof(EncodeRequest)),
                new BodyContent(null, RequestBody.Png, "One image of the model's size, any colour type (converted to grey, alpha over black)"),
                new BodyContent(null, NpyBody.MediaType, "float32 (or float64) [N, C, H, W] in [0,1], C order; labels in the query"),
                new BodyContent(StatusCodes.Status200OK, NpyBody.MediaType, "With Accept: application/x-npy: float32 [2, N, latentDim], μ then log σ²"),
                new QueryParameter(ClassLabels.LabelParameter, "Conditional models, PNG body: the image's class label in 0..K-1 (required there)."),
                Labels("image"))
            .Produces<Encoded>(StatusCodes.Status200OK, Json)
            .WithProblems(BodyProblems);
        Post(app, "/v1/classify", api.ClassifyAsync, "Classify",
                "Class probabilities from the model folder's latent classifier (classifier.onnx, which reads posterior means μ). Images in any "
                + "form /v1/encode takes (JSON {image, labels}, a PNG with ?label=, a float32 .npy [N, C, H, W] with ?labels=) are encoded to μ first; "
                + "latent codes (JSON {z} or a float32 .npy [N, latentDim]) are classified as they are. Answers JSON. 404 when the server has no "
                + "classifier.onnx (GET /v1/model says whether it has one). " + ProblemsNote)
            .WithMetadata(
                new BodyContent(null, Json, "Images (and labels) or latent codes as JSON: exactly one of image and z", typeof(ClassifyRequest)),
                new BodyContent(null, RequestBody.Png, "One image of the model's size, any colour type (converted to grey, alpha over black)"),
                new BodyContent(null, NpyBody.MediaType, "float32 (or float64) [N, C, H, W] images in [0,1] (labels in the query) or [N, latentDim] codes, C order"),
                new QueryParameter(ClassLabels.LabelParameter, "Conditional models, PNG body: the image's class label in 0..K-1 (required there)."),
                Labels("image"))
            .Produces<Classified>(StatusCodes.Status200OK, Json)
            .WithProblems([StatusCodes.Status404NotFound, .. BodyProblems]);
        Post(app, "/v1/generate", api.GenerateAsync, "Generate",
                "Samples from N(0, I), decoded (a seed gives the codes of `vae generate --seed`). The body is optional. " + ProblemsNote)
            .WithMetadata(
                new BodyContent(null, Json, "How many, the seed, the digit; all optional but the digit of a conditional model", typeof(GenerateRequest), Optional: true),
                Format())
            .Produces<Samples>(StatusCodes.Status200OK, Json)
            .WithProblems(BodyProblems);
        Post(app, "/v1/interpolate", api.InterpolateAsync, "Interpolate",
                "Codes on the straight line between two codes (both ends included), decoded. " + ProblemsNote)
            .WithMetadata(
                new BodyContent(null, Json, "The ends, the steps, the digit", typeof(InterpolateRequest)),
                Format())
            .Produces<Line>(StatusCodes.Status200OK, Json)
            .WithProblems(BodyProblems);
        Get(app, "/metrics", metrics.ExportAsync, "Metrics",
                "Prometheus metrics (text exposition format): requests by endpoint and status, latency histograms, model call durations and batch sizes.")
            .WithMetadata(new BodyContent(StatusCodes.Status200OK, "text/plain", "Prometheus text format 0.0.4"));

        string[] getHead = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", getHead, (Func<HttpContext, Task>)(context => assets.ServeAsync(context, "/index.html")))
            .WithName("Explorer").WithSummary("The latent-space explorer page.")
            .WithMetadata(new BodyContent(StatusCodes.Status200OK, "text/html", "The page"))
            .Produces(StatusCodes.Status304NotModified);
        app.MapMethods("/{file}", getHead, (Func<HttpContext, string, Task>)((context, file) => assets.ServeAsync(context, "/" + file)))
            .WithName("ExplorerAsset").WithSummary("The page's script and style sheet (app.js, app.css).")
            .WithMetadata(new BodyContent(StatusCodes.Status200OK, "text/javascript", "app.js"),
                new BodyContent(StatusCodes.Status200OK, "text/css", "app.css"))
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static RouteHandlerBuilder Get(WebApplication app, string pattern, Func<HttpContext, Task> handler, string name, string summary) =>
        app.MapGet(pattern, handler).WithName(name).WithSummary(summary);

    private static RouteHandlerBuilder Post(WebApplication app, string pattern, Func<HttpContext, Task> handler, string name, string summary) =>
        app.MapPost(pattern, handler).WithName(name).WithSummary(summary).ProducesProblem(StatusCodes.Status500InternalServerError);

    private static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, int[] statuses)
    {
        foreach (int status in statuses)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }

    private static QueryParameter Format() =>
        new("format", "\"json\" (the default: float arrays) or \"png\" (base64 PNGs in the JSON; a single decoded code answers image/png).");

    private static QueryParameter Labels(string rowNoun) =>
        new(ClassLabels.LabelsField, $"Conditional models, .npy body: one class label in 0..K-1 per {rowNoun}, comma-separated (labels=1,2,3).");
}
