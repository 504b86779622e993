using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using VaeOnnx.Data;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// Batches as NumPy <c>.npy</c> bodies (<c>application/x-npy</c>), read and written by <see cref="NpyFile"/>: the binary
/// alternative to JSON for clients that move many codes or images (a 64-image decode is 200 KB of float32 instead of
/// about 500 KB of JSON text, and neither side formats or parses numbers).
/// </summary>
internal static class NpyBody
{
    /// <summary>The media type of a .npy body.</summary>
    public const string MediaType = "application/x-npy";

    /// <summary>
    /// Reads a float32 (or float64, narrowed) array whose shape is one of the <paramref name="accepted"/> layouts
    /// (the first that fits: [N, ..RowShape] with 1 ≤ N ≤ <paramref name="maxRows"/>), checking every value by that
    /// layout's rules; 422 naming all of them when none fits. Answers the array and the layout it has.
    /// </summary>
    public static (NpyArray Array, NpyRows Layout) Read(ReadOnlyMemory<byte> body, int maxRows, params NpyRows[] accepted)
    {
        NpyArray array;
        try
        {
            using var stream = MemoryMarshal.TryGetArray(body, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(body.ToArray(), writable: false);
            array = NpyFile.ReadFloat32(stream, "the .npy body");
        }
        catch (DataFileException e)
        {
            throw ApiException.Unprocessable(e.Message);
        }
        var layout = accepted.FirstOrDefault(a => array.Shape.Length == a.RowShape.Length + 1 && array.Shape.AsSpan(1).SequenceEqual(a.RowShape))
            ?? throw ApiException.Unprocessable(
                $"the .npy body has shape ({string.Join(", ", array.Shape)}), expected {string.Join(" or ", accepted.Select(a => $"{a.Expected}: N {a.Meaning}"))}");
        if (array.Rows == 0)
        {
            throw ApiException.Unprocessable($"'{layout.Name}' is empty (the .npy body has shape ({string.Join(", ", array.Shape)}))");
        }
        if (array.Rows > maxRows)
        {
            throw ApiException.TooLarge($"'{layout.Name}' holds {array.Rows} rows, the limit is {maxRows} per request (--max-batch)");
        }
        int width = array.RowLength;
        var data = array.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (ValueRules.Fault(data[i], layout.Kind) is { } fault)
            {
                string item = string.Create(CultureInfo.InvariantCulture, $"'{layout.Name}[{i / width}][{i % width}]' = {data[i]}");
                throw ApiException.Unprocessable($"{item} {fault}");
            }
        }
        return (array, layout);
    }

    /// <summary>Answers <paramref name="data"/> as a float32 .npy body of <paramref name="shape"/>.</summary>
    public static async Task WriteAsync(HttpContext context, ReadOnlyMemory<float> data, int[] shape)
    {
        // The header is at most a few hundred bytes (numpy pads it to a multiple of 64).
        byte[] buffer = ArrayPool<byte>.Shared.Rent((data.Length * sizeof(float)) + 512);
        try
        {
            int length = Serialize(buffer, data.Span, shape);
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = MediaType;
            response.Headers.CacheControl = "no-store";
            response.ContentLength = length;
            await response.Body.WriteAsync(buffer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Serialize(byte[] buffer, ReadOnlySpan<float> data, int[] shape)
    {
        using var stream = new MemoryStream(buffer, writable: true);
        NpyFile.Write(stream, data, shape);
        return (int)stream.Position;
    }
}
