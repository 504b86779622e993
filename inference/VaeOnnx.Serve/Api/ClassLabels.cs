using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VaeOnnx.Contract;

namespace VaeOnnx.Serve.Api;

/// <summary>
/// The class labels of a request to a conditional model: <c>labels</c> (one per code or image, in a JSON body or as
/// the query parameter <c>labels=1,2,3</c> beside a binary body), <c>label</c> (the query parameter of a PNG encode)
/// or <c>digit</c> (one for a whole generate or interpolate request). Required for a conditional model and refused
/// for an unconditional one; a missing, miscounted or out-of-range label is 422 naming the field
/// (<c>labels[3] is 12, outside 0..9</c>), a value of the wrong JSON type 400, like every other field.
/// </summary>
internal sealed class ClassLabels(Conditioning conditioning)
{
    /// <summary>The JSON field and query parameter of per-row labels.</summary>
    public const string LabelsField = "labels";

    /// <summary>The query parameter of a PNG encode's one label.</summary>
    public const string LabelParameter = "label";

    /// <summary>The JSON field of generate's and interpolate's one label.</summary>
    public const string DigitField = "digit";

    private int Classes => conditioning.Classes;

    private string Range => string.Create(CultureInfo.InvariantCulture, $"0..{Classes - 1}");

    /// <summary>The <c>labels</c> field of a JSON body: one label per row, or null for an unconditional model.</summary>
    public int[]? FromJson(JsonInput input, int rows, string rowNoun)
    {
        if (!Expected(input.Has(LabelsField), LabelsField, rowNoun))
        {
            return null;
        }
        var element = input.Required(LabelsField);
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"'{LabelsField}' must be an array of integers (one class label per {rowNoun}), got {JsonInput.Kind(element)}");
        }
        CheckCount(element.GetArrayLength(), rows, rowNoun);
        var labels = new int[rows];
        int i = 0;
        foreach (var item in element.EnumerateArray())
        {
            string name = Item(i);
            if (item.ValueKind != JsonValueKind.Number)
            {
                throw ApiException.BadRequest($"{name} must be an integer, got {JsonInput.Kind(item)}");
            }
            labels[i++] = Check(item.TryGetInt64(out long value) ? value : null, item.GetRawText(), name);
        }
        return labels;
    }

    /// <summary>
    /// Per-row labels from the query (<c>labels=1,2,3</c> beside a binary body, or <c>label=3</c> for the one image of
    /// a PNG), or null for an unconditional model.
    /// </summary>
    public int[]? FromQuery(HttpRequest request, string parameter, int rows, string rowNoun)
    {
        var values = request.Query[parameter];
        if (!Expected(values.Count > 0, parameter, rowNoun, query: true))
        {
            return null;
        }
        if (values.Count > 1)
        {
            throw ApiException.BadRequest($"give the query parameter '{parameter}' once (comma-separated: {parameter}=1,2,3)");
        }
        string[] parts = (values[0] ?? "").Split(',', StringSplitOptions.TrimEntries);
        CheckCount(parts.Length, rows, rowNoun);
        var labels = new int[rows];
        for (int i = 0; i < parts.Length; i++)
        {
            string name = parameter == LabelsField ? Item(i) : parameter;
            if (parts[i].Length == 0)
            {
                throw ApiException.Unprocessable($"{name} is empty; the query parameter is a comma-separated list of integers");
            }
            labels[i] = Check(long.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null,
                parts[i], name);
        }
        return labels;
    }

    /// <summary>
    /// The <c>digit</c> field: one label for every row of a generate or interpolate request (<paramref name="input"/> is
    /// null when the request has no body), or null for an unconditional model.
    /// </summary>
    public int? Digit(JsonInput? input)
    {
        if (!Expected(input?.Has(DigitField) ?? false, DigitField, "request"))
        {
            return null;
        }
        var element = input!.Required(DigitField);
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw ApiException.BadRequest($"'{DigitField}' must be an integer, got {JsonInput.Kind(element)}");
        }
        return Check(element.TryGetInt64(out long value) ? value : null, element.GetRawText(), DigitField);
    }

    /// <summary>
    /// Whether the model takes the labels the request does or does not carry: true when they are to be read;
    /// 422 when a conditional model gets none or an unconditional one gets some.
    /// </summary>
    private bool Expected(bool given, string name, string rowNoun, bool query = false)
    {
        string where = query ? $"the query parameter '{name}'" : $"'{name}'";
        if (!conditioning.IsConditional)
        {
            return given
                ? throw ApiException.Unprocessable($"{where} is given, but this model is not conditional: send no labels")
                : false;
        }
        if (!given)
        {
            string what = name == DigitField ? "one class label in " + Range : $"one class label in {Range} per {rowNoun}";
            throw ApiException.Unprocessable($"{where} is required: this model is conditioned on {what}");
        }
        return true;
    }

    private void CheckCount(int given, int rows, string rowNoun)
    {
        if (given != rows)
        {
            throw ApiException.Unprocessable(string.Create(CultureInfo.InvariantCulture,
                $"'{LabelsField}' has {given} label{(given == 1 ? "" : "s")} for {rows} {rowNoun}{(rows == 1 ? "" : "s")}: give one per {rowNoun}"));
        }
    }

    private int Check(long? value, string text, string name)
    {
        if (value is null)
        {
            throw ApiException.Unprocessable($"{name} is {text}, not a whole number: labels are integers in {Range}");
        }
        if (value < 0 || value >= Classes)
        {
            throw ApiException.Unprocessable($"{name} is {text}, outside {Range}");
        }
        return (int)value.Value;
    }

    private static string Item(int index) => string.Create(CultureInfo.InvariantCulture, $"{LabelsField}[{index}]");
}
