using VaeOnnx.Evaluation.Cli;
using VaeOnnx.Evaluation.Onnx;

return EvaluateCommand.Run(args, OnnxRuntimeBackend.Factory, OnnxRuntimeBackend.NpyWriter);
