namespace VaeOnnx.OnnxExport;

/// <summary>
/// A module (or one of its settings) has no ONNX mapping. The message names the module's path in the model
/// (e.g. <c>decoder.3</c>) and its type, so the user knows exactly which layer to change.
/// </summary>
public sealed class UnsupportedModuleException : NotSupportedException
{
    /// <summary>Creates the exception for the module at <paramref name="modulePath"/>.</summary>
    public UnsupportedModuleException(string modulePath, Type moduleType, string reason)
        : base($"Cannot export module '{modulePath}' ({moduleType.Name}) to ONNX: {reason}")
    {
        ModulePath = modulePath;
        ModuleType = moduleType;
    }

    /// <summary>Dotted path of the module, as in TorchSharp's <c>named_modules()</c> under the export prefix.</summary>
    public string ModulePath { get; }

    /// <summary>The module's runtime type.</summary>
    public Type ModuleType { get; }
}
