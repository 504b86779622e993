using Microsoft.AspNetCore.Http;
using VaeOnnx.Contract;

namespace VaeOnnx.Serve.Api;

// POST /v1/classify: the latent classifier (classifier.onnx) over images (encoded to μ first) or latent codes.
internal sealed partial class VaeApi
{
    /// <summary>
    /// <c>POST /v1/classify</c>: class probabilities from the model folder's <c>classifier.onnx</c>, which reads posterior
    /// means μ. Takes images in every form <c>/v1/encode</c> takes (JSON <c>image</c>, PNG, .npy [N, C, H, W]; labels as
    /// there for a conditional model), which are encoded to μ first, or latent codes as <c>/v1/decode</c> takes them (JSON
    /// <c>z</c>, .npy [N, latent]), classified as they are. Answers JSON: <c>probabilities</c> [N][K], <c>predicted</c>
    /// (the most probable class of each row) and, for images, their <c>mu</c>. 404 when the folder has no classifier.
    /// </summary>
    public async Task ClassifyAsync(HttpContext context)
    {
        // Before anything is read: without the file no request can succeed, and saying so is the useful answer.
        var latentClassifier = classifier ?? throw ApiException.NotFound(
            $"this server has no classifier: {ArtifactNames.Classifier} is absent in the models directory (--models); "
            + $"the trainer writes it beside {ArtifactNames.Encoder} and {ArtifactNames.Decoder}, and the server loads it at startup");
        var kind = RequestBody.Require(context.Request, BodyKind.Png, BodyKind.Json, BodyKind.Npy);
        var body = await RequestBody.ReadAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        ImageBatch? images = null;
        float[] codes = [];
        int rows = 0;
        switch (kind)
        {
            case BodyKind.Png:
                images = PngImage(context.Request, body.Span);
                break;
            case BodyKind.Npy:
                // The rank tells them apart: codes are [N, latent], images [N, C, H, W].
                var (array, layout) = NpyBody.Read(body, options.MaxBatch, LatentRows, ImageRows);
                if (layout.Name == CodesField)
                {
                    RefuseLabelsForCodes(context.Request.Query.ContainsKey(ClassLabels.LabelsField), query: true);
                    (codes, rows) = (array.Data, array.Rows);
                }
                else
                {
                    images = Images(context.Request, array);
                }
                break;
            default:
                using (var input = JsonInput.Parse(body, ImageField, CodesField, ClassLabels.LabelsField))
                {
                    bool hasImages = input.Has(ImageField);
                    if (hasImages == input.Has(CodesField))
                    {
                        throw ApiException.BadRequest(hasImages
                            ? $"give either '{ImageField}' (images to encode and classify) or '{CodesField}' (latent codes to classify), not both"
                            : $"field '{ImageField}' (images to encode and classify) or '{CodesField}' (latent codes to classify) is required");
                    }
                    if (hasImages)
                    {
                        images = Images(input);
                    }
                    else
                    {
                        RefuseLabelsForCodes(input.Has(ClassLabels.LabelsField), query: false);
                        var parsed = Codes(input);
                        (codes, rows) = (parsed.Values, parsed.Rows);
                    }
                }
                break;
        }
        if (images is not null)
        {
            context.Items[BatchItem] = images.Rows;
            var encoded = metrics.Encode(model, images.Images, images.Labels);
            (codes, rows) = (encoded.Mu, encoded.Count);
        }
        else
        {
            context.Items[BatchItem] = rows;
        }
        float[] probabilities = metrics.Classify(latentClassifier, codes, rows);
        int classes = latentClassifier.Classes;
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", rows);
            json.WriteNumber("classes", classes);
            json.WriteStartArray("predicted");
            for (int r = 0; r < rows; r++)
            {
                json.WriteNumberValue(MostProbable(probabilities.AsSpan(r * classes, classes)));
            }
            json.WriteEndArray();
            WriteRows(json, "probabilities", probabilities, rows, classes);
            if (images is not null)
            {
                if (images.Labels is not null)
                {
                    WriteInts(json, ClassLabels.LabelsField, images.Labels);
                }
                WriteRows(json, "mu", codes, rows, model.LatentDim);
            }
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The first class with the highest probability.</summary>
    private static int MostProbable(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }
        return best;
    }

    // Labels condition the encoder; codes are classified as they are, so labels beside them would be ignored: refused.
    private static void RefuseLabelsForCodes(bool given, bool query)
    {
        if (given)
        {
            string where = query ? $"the query parameter '{ClassLabels.LabelsField}'" : $"'{ClassLabels.LabelsField}'";
            throw ApiException.Unprocessable(
                $"{where} is given with latent codes: codes are classified as they are, labels only go with images (the encoder takes them)");
        }
    }
}
