using System.Reflection;

namespace VaeOnnx.OnnxExport;

/// <summary>Model-level fields of an ONNX file: who produced it, which version, and free-form metadata.</summary>
public sealed class OnnxModelInfo
{
    /// <summary><c>producer_name</c>; defaults to this library's name.</summary>
    public string ProducerName { get; init; } = "VaeOnnx.OnnxExport";

    /// <summary><c>producer_version</c>; defaults to this library's version.</summary>
    public string ProducerVersion { get; init; } = LibraryVersion;

    /// <summary><c>domain</c>, a reverse-DNS-like namespace for the model (may be empty).</summary>
    public string Domain { get; init; } = "";

    /// <summary><c>model_version</c>.</summary>
    public long ModelVersion { get; init; } = 1;

    /// <summary><c>doc_string</c> of the model.</summary>
    public string DocString { get; init; } = "";

    /// <summary><c>metadata_props</c>, written in the dictionary's enumeration order.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>This library's informational version without the source-revision suffix.</summary>
    public static string LibraryVersion { get; } = ReadVersion(typeof(OnnxModelInfo).Assembly);

    /// <summary>The informational version of <paramref name="assembly"/> (e.g. <c>0.1.0</c>), without the <c>+commit</c> suffix.</summary>
    public static string ReadVersion(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString();
        if (string.IsNullOrEmpty(version))
        {
            return "0.0.0";
        }
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
