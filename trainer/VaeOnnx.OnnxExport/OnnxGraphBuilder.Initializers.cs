using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace VaeOnnx.OnnxExport;

// Constant tensors: TorchSharp parameters and buffers, and the small int64/float constants some operators need.
public sealed partial class OnnxGraphBuilder
{
    /// <summary>
    /// Adds <paramref name="tensor"/> (float32, any device) as an initializer called <paramref name="name"/> and
    /// returns it as a value. Adding the same TorchSharp tensor under the same name again returns the existing one.
    /// </summary>
    /// <exception cref="NotSupportedException">The tensor is not float32.</exception>
    /// <exception cref="ArgumentException">The name is taken by another tensor.</exception>
    public OnnxValue Initializer(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tensor);
        OnnxDim[] shape = [.. tensor.shape.Select(d => OnnxDim.Fixed(d))];
        if (_initializerSources.TryGetValue(name, out IntPtr source))
        {
            if (source == tensor.Handle)
            {
                return new OnnxValue(this, name, shape);
            }
            throw new ArgumentException($"Graph '{Name}' already has an initializer '{name}' from a different tensor; use distinct prefixes.", nameof(name));
        }
        if (tensor.dtype != ScalarType.Float32)
        {
            throw new NotSupportedException($"Tensor '{name}' is {tensor.dtype}; the exporter writes float32 only (convert the module with .to(ScalarType.Float32)).");
        }
        float[] data;
        using (NewDisposeScope())
        {
            // detach + cpu + contiguous: the raw bytes must be the row-major values, wherever the parameter lives.
            data = tensor.detach().cpu().contiguous().data<float>().ToArray();
        }
        ClaimValueName(name);
        _initializerSources[name] = tensor.Handle;
        _graph.Initializer.Add(FloatTensor(name, tensor.shape, data));
        return new OnnxValue(this, name, shape);
    }

    /// <summary>A float32 constant made by the exporter (not a model parameter); the name is made unique.</summary>
    private OnnxValue FloatConstant(string preferredName, long[] dims, float[] values)
    {
        string name = UniqueValueName(preferredName);
        _graph.Initializer.Add(FloatTensor(name, dims, values));
        return new OnnxValue(this, name, [.. dims.Select(d => OnnxDim.Fixed(d))]);
    }

    /// <summary>A 1-D int64 constant (shapes for Reshape); the name is made unique.</summary>
    private string Int64Constant(string preferredName, long[] values)
    {
        string name = UniqueValueName(preferredName);
        var bytes = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), values[i]);
        }
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(bytes) };
        proto.Dims.Add(values.Length);
        _graph.Initializer.Add(proto);
        return name;
    }

    /// <summary>A float32 TensorProto whose values sit in <c>raw_data</c>, little-endian as the ONNX spec requires.</summary>
    internal static TensorProto FloatTensor(string name, IEnumerable<long> dims, float[] values)
    {
        byte[] bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            // raw_data is defined as little-endian; only a big-endian host has to swap.
            for (int i = 0; i < bytes.Length; i += sizeof(float))
            {
                Array.Reverse(bytes, i, sizeof(float));
            }
        }
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        proto.Dims.AddRange(dims);
        return proto;
    }
}
