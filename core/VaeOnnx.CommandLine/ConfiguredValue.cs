namespace VaeOnnx.CommandLine;

/// <summary>
/// An option's value taken from configuration (a file, an environment variable) when the command line does not
/// give it; <see cref="Source"/> names where it came from in error messages.
/// </summary>
/// <param name="Text">The value as text.</param>
/// <param name="Source">Where it was set, e.g. <c>VAEONNX_Training__Epochs</c>.</param>
public sealed record ConfiguredValue(string Text, string Source);
