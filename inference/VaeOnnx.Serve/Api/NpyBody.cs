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
    /// Reads a float32 (or float64, narrowed) array of shape [N, ..<paramref name="rowShape"/>] with 1 ≤ N ≤
    /// <paramref name="maxRows"/>, checking every value like the JSON path does; <paramref name="name"/> and
    /// <paramref name="meaning"/> name it in the messages.
    /// </summary>
    public static NpyArray Read(ReadOnlyMemory<byte> body, int[] rowShape, int maxRows, ValueKind kind, string name, string meaning)
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
        string expected = $"(N, {string.Join(", ", rowShape)})";
        if (array.Shape.Length != rowShape.Length + 1 || !array.Shape.AsSpan(1).SequenceEqual(rowShape))
        {
            throw ApiException.Unprocessable(
                $"the .npy body has shape ({string.Join(", ", array.Shape)}), expected {expected}: N {meaning}");
        }
        if (array.Rows == 0)
        {
            throw ApiException.Unprocessable($"'{name}' is empty (the .npy body has shape ({string.Join(", ", array.Shape)}))");
        }
        if (array.Rows > maxRows)
        {
            throw ApiException.TooLarge($"'{name}' holds {array.Rows} rows, the limit is {maxRows} per request (--max-batch)");
        }
        int width = array.RowLength;
        var data = array.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (ValueRules.Fault(data[i], kind) is { } fault)
            {
                string item = string.Create(CultureInfo.InvariantCulture, $"'{name}[{i / width}][{i % width}]' = {data[i]}");
                throw ApiException.Unprocessable($"{item} {fault}");
            }
        }
        return array;
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
