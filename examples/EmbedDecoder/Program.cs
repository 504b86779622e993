// Decodes one latent code with a trained VaeOnnx model and writes the digit as a PNG:
//   dotnet run -- MODEL_DIR OUT.png [Z] [LABEL]
// Z is the code, comma-separated (default: all zeros, the centre of the prior); LABEL the class of a conditional
// model (default 0).
using System.Globalization;
using VaeOnnx.Contract;
using VaeOnnx.Data;
using VaeOnnx.Inference;

if (args.Length is < 2 or > 4)
{
    Console.Error.WriteLine("usage: EmbedDecoder MODEL_DIR OUT.png [Z, comma-separated] [LABEL]");
    return 2;
}
try
{
    using var model = VaeModel.Load(args[0], new VaeModelOptions { Device = ExecutionDevice.Cpu });
    float[] z = args.Length > 2
        ? [.. args[2].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))]
        : new float[model.LatentDim];
    float[] image = model.Signature.IsConditional
        ? model.Decode(z, [args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0])
        : model.Decode(z);

    // Bernoulli means in [0,1] → 8-bit grey; the first channel (MNIST models have one).
    var shape = model.Signature.Image;
    var pixels = new byte[shape.Height * shape.Width];
    PixelScaling.ToBytes(image.AsSpan(0, pixels.Length), pixels);
    PngFile.WriteGray(args[1], pixels, shape.Width, shape.Height);
    Console.WriteLine($"{model.Signature.Describe()}: wrote {args[1]}");
    return 0;
}
catch (Exception e) when (e is VaeModelException or ArgumentException or FormatException)
{
    Console.Error.WriteLine($"EmbedDecoder: {e.Message}");
    return 2;
}
