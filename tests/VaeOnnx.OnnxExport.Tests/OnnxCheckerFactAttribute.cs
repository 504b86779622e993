namespace VaeOnnx.OnnxExport.Tests;

/// <summary>
/// A fact that needs the reference ONNX checker (Debian's python3-onnx): reported as Skipped, with the reason, when
/// <c>/usr/bin/python3</c> cannot import <c>onnx</c>, unless <c>VAE_REQUIRE_ONNX_CHECKER=1</c> (CI sets it), which
/// makes the test run and fail instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnnxCheckerFactAttribute : FactAttribute
{
    public OnnxCheckerFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("VAE_REQUIRE_ONNX_CHECKER") != "1" && !OnnxChecker.Available)
        {
            Skip = $"{OnnxChecker.Python} cannot import onnx (apt-get install python3-onnx); the files were not checked";
        }
    }
}
