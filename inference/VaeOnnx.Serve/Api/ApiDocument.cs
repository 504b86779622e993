using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi): generated from the routes' metadata
/// (<see cref="ApiRoutes"/>), plus what the generator cannot see — request bodies and binary answers (<see cref="BodyContent"/>) and
/// the query parameters the handlers read themselves (<see cref="QueryParameter"/>).
/// </summary>
internal static class ApiDocument
{
    /// <summary>The document's name (its path is <c>/openapi/{name}.json</c>).</summary>
    public const string Name = "v1";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "VaeOnnx serve API",
                Version = Name,
                Description = "Decode, encode, sample and interpolate a VAE's latent space (ONNX Runtime). Bodies are JSON unless noted; "
                    + "batches also travel as NumPy .npy (application/x-npy). Every error is RFC 7807 application/problem+json; "
                    + "an unknown path is 404 and a wrong method 405, both problem+json too.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            foreach (var binary in metadata.OfType<BodyContent>())
            {
                var media = new OpenApiMediaType
                {
                    Schema = binary.Schema is null
                        ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = binary.Description }
                        : await context.GetOrCreateSchemaAsync(binary.Schema, null, cancellationToken).ConfigureAwait(false),
                };
                if (binary.Status is int status)
                {
                    operation.Responses ??= [];
                    string key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!operation.Responses.TryGetValue(key, out var response))
                    {
                        response = new OpenApiResponse { Description = binary.Description };
                        operation.Responses[key] = response;
                    }
                    var concrete = (OpenApiResponse)response;
                    concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
                    concrete.Content[binary.MediaType] = media;
                }
                else
                {
                    var body = (OpenApiRequestBody)(operation.RequestBody ??= new OpenApiRequestBody { Required = !binary.Optional });
                    body.Content ??= new Dictionary<string, OpenApiMediaType>();
                    body.Content[binary.MediaType] = media;
                }
            }
            foreach (var query in metadata.OfType<QueryParameter>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = query.Name,
                    In = ParameterLocation.Query,
                    Description = query.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        });
    }
}
