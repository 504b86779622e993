using Google.Protobuf;
using Onnx;
using VaeOnnx.Data;

namespace VaeOnnx.OnnxExport;

/// <summary>Writing ONNX files atomically, and reading them back with a structural check and one-line errors.</summary>
public static class OnnxModelFile
{
    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> through <see cref="AtomicFile"/> (temporary file,
    /// flushed to disk, renamed into place), so readers never see half a model and an existing file survives a failed
    /// write. Creates the folder if needed.
    /// </summary>
    public static void Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        AtomicFile.Write(path, model.WriteTo);
    }

    /// <summary>Reads and checks an ONNX file (see <see cref="Validate(ModelProto)"/>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed ONNX model; the one-line message names the file.</exception>
    public static ModelProto Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"ONNX model '{path}' does not exist.", path);
        }
        ModelProto model;
        try
        {
            using FileStream stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid ONNX model (truncated or corrupt protobuf: {OneLine(e.Message)})", e);
        }
        try
        {
            Validate(model);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid ONNX model: {e.Message}", e);
        }
        return model;
    }

    /// <summary>Same as <see cref="Load"/>, discarding the model.</summary>
    public static void Validate(string path) => Load(path);

    /// <summary>
    /// A structural check in the spirit of onnx's checker (not a replacement for it): IR version and default-domain
    /// opset present, a graph with outputs, unique tensor names, nodes in topological order using only defined
    /// tensors, typed inputs and outputs, and initializer data sizes that match their dimensions. It catches what a
    /// truncated or hand-edited file typically breaks, with a message that says what is wrong.
    /// </summary>
    /// <exception cref="InvalidDataException">The first problem found.</exception>
    public static void Validate(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.IrVersion <= 0)
        {
            throw new InvalidDataException("ir_version is missing.");
        }
        if (!model.OpsetImport.Any(o => o.Domain.Length == 0 || o.Domain == "ai.onnx"))
        {
            throw new InvalidDataException("no opset_import for the default ONNX domain.");
        }
        GraphProto graph = model.Graph ?? throw new InvalidDataException("the model has no graph.");
        if (graph.Output.Count == 0)
        {
            throw new InvalidDataException($"graph '{graph.Name}' has no outputs.");
        }

        var defined = new HashSet<string>(StringComparer.Ordinal);
        void Define(string name, string what)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new InvalidDataException($"{what} has an empty name.");
            }
            if (!defined.Add(name))
            {
                throw new InvalidDataException($"tensor name '{name}' is defined more than once ({what}).");
            }
        }
        foreach (ValueInfoProto input in graph.Input)
        {
            CheckTensorType(input, "input");
            // Before IR 4 initializers were also listed as inputs; allow that overlap.
            if (!graph.Initializer.Any(i => i.Name == input.Name))
            {
                Define(input.Name, "graph input");
            }
        }
        foreach (TensorProto initializer in graph.Initializer)
        {
            Define(initializer.Name, "initializer");
            CheckInitializerSize(initializer);
        }
        foreach (NodeProto node in graph.Node)
        {
            if (string.IsNullOrEmpty(node.OpType))
            {
                throw new InvalidDataException($"node '{node.Name}' has no op_type.");
            }
            foreach (string input in node.Input)
            {
                // An empty name marks an omitted optional input.
                if (input.Length > 0 && !defined.Contains(input))
                {
                    throw new InvalidDataException(
                        $"node '{node.Name}' ({node.OpType}) uses '{input}', which no graph input, initializer or earlier node defines.");
                }
            }
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                Define(output, $"output of node '{node.Name}' ({node.OpType})");
            }
        }
        foreach (ValueInfoProto output in graph.Output)
        {
            CheckTensorType(output, "output");
            if (!defined.Contains(output.Name))
            {
                throw new InvalidDataException($"graph output '{output.Name}' is not computed by any node.");
            }
        }
    }

    private static void CheckTensorType(ValueInfoProto value, string what)
    {
        if (value.Type?.TensorType is not { } tensor || tensor.ElemType == 0)
        {
            throw new InvalidDataException($"graph {what} '{value.Name}' has no tensor element type.");
        }
    }

    private static void CheckInitializerSize(TensorProto tensor)
    {
        long count = 1;
        foreach (long dim in tensor.Dims)
        {
            if (dim < 0)
            {
                throw new InvalidDataException($"initializer '{tensor.Name}' has a negative dimension.");
            }
            count *= dim;
        }
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            return;
        }
        (int elementSize, int typedCount) = (TensorProto.Types.DataType)tensor.DataType switch
        {
            TensorProto.Types.DataType.Float => (4, tensor.FloatData.Count),
            TensorProto.Types.DataType.Int64 => (8, tensor.Int64Data.Count),
            TensorProto.Types.DataType.Double => (8, tensor.DoubleData.Count),
            TensorProto.Types.DataType.Int32 => (4, tensor.Int32Data.Count),
            _ => (0, 0),
        };
        if (elementSize == 0)
        {
            return;
        }
        long actual = tensor.RawData.Length > 0 ? tensor.RawData.Length / elementSize : typedCount;
        bool rawSizeOk = tensor.RawData.Length == 0 || tensor.RawData.Length % elementSize == 0;
        if (!rawSizeOk || actual != count)
        {
            throw new InvalidDataException($"initializer '{tensor.Name}' holds {actual} values but its dimensions need {count}.");
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
