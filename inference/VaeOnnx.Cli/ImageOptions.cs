using System.CommandLine;
using VaeOnnx.CommandLine;

namespace VaeOnnx.Cli;

/// <summary>The options of the verbs that read images (<c>encode</c>, <c>reconstruct</c>, <c>interpolate</c>), declared once.</summary>
internal static class ImageOptions
{
    /// <summary>What <c>--images</c> reads (see <see cref="ImageInput"/>).</summary>
    public const string Formats = "IDX (raw or .gz), one PNG, or .npy images (uint8 0–255 or float in [0,1]) of the model's size";

    /// <summary><c>--images FILE</c>, required.</summary>
    public static Option<string> Images() => CliOptions.RequiredText("--images", Formats, "FILE");

    /// <summary><c>--images FILE</c> that may be left out (<paramref name="instead"/> says what is used then).</summary>
    public static Option<string?> OptionalImages(string instead) => CliOptions.OptionalText("--images", $"{Formats} ({instead})", "FILE");

    /// <summary><c>--limit N</c>: only the first N images.</summary>
    public static Option<int?> Limit(string description) => CliOptions.OptionalInt("--limit", description, 1);

    /// <summary><c>--invert</c>: 1 − pixel.</summary>
    public static Option<bool> Invert() => CliOptions.Flag("--invert", "use 1 − pixel (for dark digits on a light background)");
}
