using System.CommandLine;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Cli;

/// <summary>The <c>-o, --out FILE</c> of the verbs that write one, and the kind of file its extension names.</summary>
internal static class OutputFile
{
    /// <summary>A required <c>-o, --out FILE</c> whose extension must name one of <paramref name="allowed"/> (a parse error otherwise).</summary>
    public static Option<string> Option(string description, params OutputKind[] allowed)
    {
        var option = SharedOptions.OutFile(description);
        option.Validators.Add(result =>
        {
            string? path = result.GetValueOrDefault<string?>();
            if (!string.IsNullOrEmpty(path) && (KindOf(path) is not { } kind || !allowed.Contains(kind)))
            {
                string names = string.Join(" or ", allowed.Select(a => "." + a.ToString().ToLowerInvariant()));
                result.AddError($"{option.Name}: must end in {names} (got '{path}')");
            }
        });
        return option;
    }

    /// <summary>The kind <paramref name="path"/>'s extension names; null for any other extension.</summary>
    public static OutputKind? KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => OutputKind.Png,
        ".npy" => OutputKind.Npy,
        ".csv" => OutputKind.Csv,
        _ => null,
    };
}
