using System.CommandLine;
using System.CommandLine.Invocation;
using VaeOnnx.CommandLine;
using VaeOnnx.Inference;

namespace VaeOnnx.Cli;

/// <summary><c>vae --version</c>: the tool's version and the native ONNX Runtime it loaded, on one line.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.Out().WriteLine(
            $"{CliApp.Program} {typeof(VersionAction).Assembly.GetName().Version?.ToString(3)} (ONNX Runtime {VaeModel.OnnxRuntimeVersion})");
        return ExitCodes.Success;
    }
}
