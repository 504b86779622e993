using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Inference;

// Running the graphs: chunking, pinned buffers handed to ONNX Runtime, per-thread single-item buffers.
public sealed partial class VaeModel
{
    private void EncodeChunks(ReadOnlySpan<float> images, int count, Span<float> mu, Span<float> logVar)
    {
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            RunEncoder(images.Slice(start * ImageSize, n * ImageSize), n,
                mu.Slice(start * LatentDim, n * LatentDim), logVar.Slice(start * LatentDim, n * LatentDim));
        }
    }

    private void EncodeBytes(ReadOnlySpan<byte> images, int count, Span<float> mu, Span<float> logVar)
    {
        int chunk = Math.Min(_maxBatch, count);
        float[] buffer = ArrayPool<float>.Shared.Rent(chunk * ImageSize);
        try
        {
            for (int start = 0; start < count; start += chunk)
            {
                int n = Math.Min(chunk, count - start);
                var scaled = buffer.AsSpan(0, n * ImageSize);
                PixelScaling.ToUnit(images.Slice(start * ImageSize, n * ImageSize), scaled);
                RunEncoder(scaled, n, mu.Slice(start * LatentDim, n * LatentDim), logVar.Slice(start * LatentDim, n * LatentDim));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void DecodeChunks(ReadOnlySpan<float> z, int count, Span<float> images)
    {
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            RunDecoder(z.Slice(start * LatentDim, n * LatentDim), n, images.Slice(start * ImageSize, n * ImageSize));
        }
    }

    private void RunEncoder(ReadOnlySpan<float> images, int count, Span<float> mu, Span<float> logVar)
    {
        Enter();
        try
        {
            RunEncoderCore(images, count, mu, logVar);
        }
        finally
        {
            Exit();
        }
    }

    private void RunDecoder(ReadOnlySpan<float> z, int count, Span<float> images)
    {
        Enter();
        try
        {
            RunDecoderCore(z, count, images);
        }
        finally
        {
            Exit();
        }
    }

    private unsafe void RunEncoderCore(ReadOnlySpan<float> images, int count, Span<float> mu, Span<float> logVar)
    {
        if (count == 1)
        {
            // One image: copying its pixels into this thread's bound buffers is cheaper than creating and
            // releasing three native tensors (~185 ns each), which dominated single-image latency.
            var single = _single.Value!;
            images.CopyTo(single.Image);
            _encoder.Run(_runOptions, _encoderInputNames, single.EncoderInputs, _encoderOutputNames, single.EncoderOutputs);
            single.Mu.CopyTo(mu);
            single.LogVar.CopyTo(logVar);
            return;
        }
        fixed (float* input = images)
        fixed (float* muOut = mu)
        fixed (float* logVarOut = logVar)
        {
            using var image = Wrap(input, images.Length, Signature.Image.WithBatch(count));
            using var muValue = Wrap(muOut, mu.Length, [count, LatentDim]);
            using var logVarValue = Wrap(logVarOut, logVar.Length, [count, LatentDim]);
            _encoder.Run(_runOptions, _encoderInputNames, [image], _encoderOutputNames, [muValue, logVarValue]);
        }
    }

    private unsafe void RunDecoderCore(ReadOnlySpan<float> z, int count, Span<float> images)
    {
        if (count == 1)
        {
            var single = _single.Value!;
            z.CopyTo(single.Z);
            _decoder.Run(_runOptions, _decoderInputNames, single.DecoderInputs, _decoderOutputNames, single.DecoderOutputs);
            single.Decoded.CopyTo(images);
            return;
        }
        fixed (float* input = z)
        fixed (float* output = images)
        {
            using var zValue = Wrap(input, z.Length, [count, LatentDim]);
            using var imageValue = Wrap(output, images.Length, Signature.Image.WithBatch(count));
            _decoder.Run(_runOptions, _decoderInputNames, [zValue], _decoderOutputNames, [imageValue]);
        }
    }

    /// <summary>
    /// Per-thread input/output buffers for single-image calls, on the pinned object heap, with their ONNX Runtime
    /// tensors created once. A thread runs one call at a time, so its buffers are never shared.
    /// </summary>
    private sealed class SingleImageBuffers : IDisposable
    {
        public SingleImageBuffers(VaeSignature signature)
        {
            int latent = signature.LatentDim;
            long[] imageShape = signature.Image.WithBatch(1);
            Image = GC.AllocateArray<float>(signature.ImageSize, pinned: true);
            Decoded = GC.AllocateArray<float>(signature.ImageSize, pinned: true);
            Z = GC.AllocateArray<float>(latent, pinned: true);
            Mu = GC.AllocateArray<float>(latent, pinned: true);
            LogVar = GC.AllocateArray<float>(latent, pinned: true);
            EncoderInputs = [OrtValue.CreateTensorValueFromMemory(Image, imageShape)];
            EncoderOutputs = [OrtValue.CreateTensorValueFromMemory(Mu, [1, latent]), OrtValue.CreateTensorValueFromMemory(LogVar, [1, latent])];
            DecoderInputs = [OrtValue.CreateTensorValueFromMemory(Z, [1, latent])];
            DecoderOutputs = [OrtValue.CreateTensorValueFromMemory(Decoded, imageShape)];
        }

        public float[] Image { get; }
        public float[] Decoded { get; }
        public float[] Z { get; }
        public float[] Mu { get; }
        public float[] LogVar { get; }
        public OrtValue[] EncoderInputs { get; }
        public OrtValue[] EncoderOutputs { get; }
        public OrtValue[] DecoderInputs { get; }
        public OrtValue[] DecoderOutputs { get; }

        public void Dispose()
        {
            foreach (var value in EncoderInputs.Concat(EncoderOutputs).Concat(DecoderInputs).Concat(DecoderOutputs))
            {
                value.Dispose();
            }
        }
    }

    /// <summary>A tensor over pinned memory the caller keeps fixed for the lifetime of the value.</summary>
    private static unsafe OrtValue Wrap(float* data, int length, long[] shape) =>
        OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape,
            (IntPtr)data, (long)length * sizeof(float));
}
