using System.Globalization;
using System.Text.Json;

namespace VaeOnnx.Serve.Api;

/// <summary>Rows of floats read from JSON: <see cref="Single"/> when the request gave one flat array.</summary>
internal sealed record FloatRows(float[] Values, int Rows, int Width, bool Single);

/// <summary>
/// A parsed JSON request object with a fixed set of fields. Unknown or repeated fields are refused (400); wrong
/// JSON types are 400; values that are well-formed but unusable (lengths, NaN/∞, ranges) are 422; batches over the
/// limit are 413. Messages name the offending field and index, e.g. <c>'z[3][1]' is NaN</c>.
/// </summary>
internal sealed class JsonInput : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };
    private readonly JsonDocument _document;
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    private JsonInput(JsonDocument document) => _document = document;

    /// <summary>Parses <paramref name="body"/> as one JSON object whose fields are all in <paramref name="allowed"/>.</summary>
    public static JsonInput Parse(ReadOnlyMemory<byte> body, params string[] allowed)
    {
        if (body.IsEmpty)
        {
            throw ApiException.BadRequest($"the request body is empty; expected a JSON object with {Describe(allowed)}");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException e)
        {
            string hint = body.Span.IndexOf("NaN"u8) >= 0 || body.Span.IndexOf("Infinity"u8) >= 0
                ? " (NaN and Infinity are not JSON numbers, and values must be finite anyway)"
                : "";
            throw ApiException.BadRequest($"the request body is not valid JSON: {FirstSentence(e.Message)}{hint}");
        }
        var input = new JsonInput(document);
        try
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest($"expected a JSON object with {Describe(allowed)}, got {Kind(root)}");
            }
            foreach (var property in root.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw ApiException.BadRequest($"unknown field '{property.Name}'; this endpoint takes {Describe(allowed)}");
                }
                if (!input._fields.TryAdd(property.Name, property.Value))
                {
                    throw ApiException.BadRequest($"field '{property.Name}' appears more than once");
                }
            }
            return input;
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>Whether the field is present and not null.</summary>
    public bool Has(string name) => _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A required field.</summary>
    public JsonElement Required(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw ApiException.BadRequest($"field '{name}' is required");

    /// <summary>An optional integer field in [<paramref name="min"/>, <paramref name="max"/>]; 413 above <paramref name="max"/> when <paramref name="overMaxIsTooLarge"/>.</summary>
    public int Int(string name, int fallback, int min, int max, bool overMaxIsTooLarge = false, string? maxHint = null)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw ApiException.BadRequest($"'{name}' must be an integer, got {Kind(value)}");
        }
        if (!value.TryGetInt64(out long number))
        {
            throw ApiException.Unprocessable($"'{name}' must be a whole number, got {value.GetRawText()}");
        }
        if (number > max && overMaxIsTooLarge)
        {
            throw ApiException.TooLarge($"'{name}' is {number}, the limit is {max}{maxHint}");
        }
        if (number < min || number > max)
        {
            throw ApiException.Unprocessable($"'{name}' must be between {min} and {max}, got {number}");
        }
        return (int)number;
    }

    /// <summary>
    /// Reads one row (a flat array of <paramref name="width"/> numbers) or a batch (an array of such arrays, at
    /// most <paramref name="maxRows"/>) into one row-major float array.
    /// </summary>
    public static FloatRows Rows(JsonElement element, string name, int width, int maxRows, ValueKind kind, string widthMeaning)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{name}' must be an array of {width} numbers or an array of such arrays, got {Kind(element)}");
        }
        int length = element.GetArrayLength();
        if (length == 0)
        {
            throw ApiException.Unprocessable($"'{name}' is empty");
        }
        var first = element[0];
        if (first.ValueKind != JsonValueKind.Array)
        {
            if (length != width)
            {
                throw ApiException.Unprocessable(
                    $"'{name}' has {length} values, expected {width} ({widthMeaning}); a batch is an array of arrays");
            }
            var single = new float[width];
            ReadRow(element, name, single, kind);
            return new FloatRows(single, 1, width, Single: true);
        }
        if (length > maxRows)
        {
            throw ApiException.TooLarge($"'{name}' holds {length} rows, the limit is {maxRows} per request (--max-batch)");
        }
        var values = new float[(long)length * width];
        int row = 0;
        foreach (var item in element.EnumerateArray())
        {
            string itemName = string.Create(CultureInfo.InvariantCulture, $"{name}[{row}]");
            if (item.ValueKind != JsonValueKind.Array)
            {
                throw ApiException.BadRequest($"'{itemName}' must be an array of numbers like the other rows, got {Kind(item)}");
            }
            int itemLength = item.GetArrayLength();
            if (itemLength != width)
            {
                throw ApiException.Unprocessable($"'{itemName}' has {itemLength} values, expected {width} ({widthMeaning})");
            }
            ReadRow(item, itemName, values.AsSpan(row * width, width), kind);
            row++;
        }
        return new FloatRows(values, length, width, Single: false);
    }

    /// <summary>Exactly one row of <paramref name="width"/> numbers.</summary>
    public static float[] Row(JsonElement element, string name, int width, ValueKind kind, string widthMeaning)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{name}' must be an array of {width} numbers, got {Kind(element)}");
        }
        int length = element.GetArrayLength();
        if (length > 0 && element[0].ValueKind == JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{name}' must be one row (an array of numbers), not an array of arrays");
        }
        if (length != width)
        {
            throw ApiException.Unprocessable($"'{name}' has {length} values, expected {width} ({widthMeaning})");
        }
        var values = new float[width];
        ReadRow(element, name, values, kind);
        return values;
    }

    public void Dispose() => _document.Dispose();

    private static void ReadRow(JsonElement array, string name, Span<float> destination, ValueKind kind)
    {
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            destination[i] = ReadValue(item, name, i, kind);
            i++;
        }
    }

    private static float ReadValue(JsonElement item, string name, int index, ValueKind kind)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.Number:
                // TryGetDouble fails only for magnitudes beyond double; the float conversion catches beyond float32.
                float value = item.TryGetDouble(out double d) ? (float)d : float.PositiveInfinity;
                if (!float.IsFinite(value))
                {
                    throw ApiException.Unprocessable($"'{name}[{index}]' = {item.GetRawText()} is outside the float32 range: values must be finite");
                }
                if (ValueRules.Fault(value, kind) is { } fault)
                {
                    throw ApiException.Unprocessable($"'{name}[{index}]' = {item.GetRawText()} {fault}");
                }
                return value;
            case JsonValueKind.String when item.GetString() is "NaN" or "Infinity" or "-Infinity" or "+Infinity" or "nan" or "inf" or "-inf":
                throw ApiException.Unprocessable($"'{name}[{index}]' is {item.GetString()}: values must be finite numbers");
            default:
                throw ApiException.BadRequest($"'{name}[{index}]' must be a number, got {Kind(item)}");
        }
    }

    /// <summary>The JSON type of <paramref name="element"/> as the messages name it ("an array", "a string", ...).</summary>
    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Describe(string[] fields) =>
        fields.Length == 1 ? $"the field '{fields[0]}'" : "the fields " + string.Join(", ", fields.Select(f => $"'{f}'"));

    private static string FirstSentence(string message)
    {
        // "'N' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 6." → keep both parts, one line.
        return message.ReplaceLineEndings(" ").Trim();
    }
}
