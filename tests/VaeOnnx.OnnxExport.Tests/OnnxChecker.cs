using System.Diagnostics;

namespace VaeOnnx.OnnxExport.Tests;

/// <summary>The <c>onnx</c> package's own <c>checker.check_model(full_check=True)</c>, run out of process on files.</summary>
internal static class OnnxChecker
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, onnx
        for path in sys.argv[1:]:
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            print(path, "opset", model.opset_import[0].version, "ir", model.ir_version)
        print("onnx", onnx.__version__)
        """;

    public static bool Available { get; } = File.Exists(Python) && Run([]).Code == 0;

    /// <summary>Checks every file (shape inference included); the exit code and everything the checker printed.</summary>
    public static (int Code, string Output) Run(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (string file in files)
        {
            start.ArgumentList.Add(file);
        }
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
