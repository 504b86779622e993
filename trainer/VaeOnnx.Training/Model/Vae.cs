using TorchSharp.Modules;
using VaeOnnx.Contract;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// A VAE built from its <see cref="VaeSignature"/>: encoder and decoder as registered submodules. The signature is
/// the model configuration, so the checkpoint, the history and the exported ONNX files all describe the same model.
/// Architectures (<see cref="ArchitectureSpec.Ids"/>): <c>mlp</c> and <c>conv</c>; either can be conditioned on a class
/// label, whose one-hot code is appended to the encoder's features and to z.
/// </summary>
public sealed class Vae : nn.Module
{
    private const int Conv1Channels = 32;
    private const int Conv2Channels = 64;
    private const int Kernel = 4;

    /// <summary>Builds the network <paramref name="signature"/> describes (weights from the current torch seed).</summary>
    /// <exception cref="ArgumentException">An architecture the trainer cannot build, or an image the convolutions cannot take.</exception>
    public Vae(VaeSignature signature) : base(nameof(Vae))
    {
        ArgumentNullException.ThrowIfNull(signature);
        signature.Validate();
        Signature = signature;
        int hidden = signature.Architecture.HiddenDim;
        int latent = signature.LatentDim;
        int classes = signature.Conditioning.Classes;
        var image = signature.Image;
        // Modules are created encoder first, in forward order: the torch seed then gives the same weights as always.
        switch (signature.Architecture.Id)
        {
            case ArchitectureSpec.Ids.Mlp:
                encoder = new VaeEncoder(null, image.Size, classes, hidden, latent);
                decoder = new VaeDecoder(nn.Sequential(
                    ("fc", nn.Linear(latent + classes, hidden)),
                    ("relu", nn.ReLU()),
                    ("out", nn.Linear(hidden, image.Size))));
                break;
            case ArchitectureSpec.Ids.Conv:
                if (image.Height % 4 != 0 || image.Width % 4 != 0)
                {
                    throw new ArgumentException($"the conv architecture halves the image twice: {image} needs sides divisible by 4", nameof(signature));
                }
                long[] map = [Conv2Channels, image.Height / 4, image.Width / 4];
                long mapSize = map[0] * map[1] * map[2];
                encoder = new VaeEncoder(nn.Sequential(
                    ("unflatten", nn.Unflatten(1, [image.Channels, image.Height, image.Width])),
                    ("conv1", nn.Conv2d(image.Channels, Conv1Channels, Kernel, stride: 2, padding: 1)),
                    ("relu1", nn.ReLU()),
                    ("conv2", nn.Conv2d(Conv1Channels, Conv2Channels, Kernel, stride: 2, padding: 1)),
                    ("relu2", nn.ReLU()),
                    ("flatten", nn.Flatten())), mapSize, classes, hidden, latent);
                decoder = new VaeDecoder(nn.Sequential(
                    ("fc", nn.Linear(latent + classes, hidden)),
                    ("relu", nn.ReLU()),
                    ("fc2", nn.Linear(hidden, mapSize)),
                    ("relu2", nn.ReLU()),
                    ("unflatten", nn.Unflatten(1, map)),
                    ("deconv1", nn.ConvTranspose2d(Conv2Channels, Conv1Channels, Kernel, stride: 2, padding: 1)),
                    ("relu3", nn.ReLU()),
                    ("deconv2", nn.ConvTranspose2d(Conv1Channels, image.Channels, Kernel, stride: 2, padding: 1))));
                break;
            default:
                throw new ArgumentException($"the trainer cannot build architecture '{signature.Architecture.Id}' (known: {ArchitectureSpec.Ids.Mlp}, {ArchitectureSpec.Ids.Conv})", nameof(signature));
        }
        RegisterComponents();
    }

    // Field names become the state-dict keys (encoder.*, decoder.*) via RegisterComponents.
    private readonly VaeEncoder encoder;
    private readonly VaeDecoder decoder;

    /// <summary>What this network is.</summary>
    public VaeSignature Signature { get; }

    /// <summary>Size of z.</summary>
    public int LatentSize => Signature.LatentDim;

    /// <summary>q(z|x).</summary>
    public VaeEncoder Encoder => encoder;

    /// <summary>p(x|z), up to the logits.</summary>
    public VaeDecoder Decoder => decoder;

    /// <summary>
    /// The one-hot code [N, K] of <paramref name="labels"/> (int64 [N]) for a conditional model; null for an
    /// unconditional one (which must be given no labels).
    /// </summary>
    /// <exception cref="ArgumentException">Labels missing for a conditional model, or given to an unconditional one.</exception>
    public Tensor? Condition(Tensor? labels)
    {
        if (Signature.IsConditional != labels is not null)
        {
            throw new ArgumentException(Signature.IsConditional
                ? $"this model is conditioned on a label of {Signature.Conditioning.Classes} classes: labels are required"
                : "this model takes no labels", nameof(labels));
        }
        return labels is null ? null : nn.functional.one_hot(labels, Signature.Conditioning.Classes).to_type(ScalarType.Float32);
    }

    /// <summary>Encodes, samples z = mu + exp(logvar/2)·eps with the given noise, decodes to logits.</summary>
    /// <param name="input">Images [N, pixels] in [0,1].</param>
    /// <param name="noise">Standard normal noise [N,latent]; passing it keeps sampling under the caller's generator.</param>
    /// <param name="labels">Class labels (int64 [N]) for a conditional model, else null.</param>
    public (Tensor Logits, Tensor Mu, Tensor LogVar) Forward(Tensor input, Tensor noise, Tensor? labels = null)
    {
        using var condition = Condition(labels);
        var (mu, logVar) = Encoder.call(input, condition);
        var (z, std) = Reparameterise(mu, logVar, noise);
        using (z)
        using (std)
        {
            return (Decoder.call(z, condition), mu, logVar);
        }
    }

    /// <summary>z = ε·σ + μ with σ = exp(logσ²/2), and σ, which the hand-formed gradients of <see cref="MlpBackprop"/> read.</summary>
    internal static (Tensor Z, Tensor Std) Reparameterise(Tensor mu, Tensor logVar, Tensor noise)
    {
        var std = logVar.mul(0.5).exp_();
        return (noise.mul(std).add_(mu), std);
    }

    /// <summary>
    /// The posterior means [N, latent] of <paramref name="data"/> (eval mode, no gradients; a conditional model
    /// encodes each image under its own label), in chunks of <paramref name="batch"/> images. The training flag is
    /// restored afterwards.
    /// </summary>
    public Tensor LatentMeans(TensorDataset data, int batch = 1000)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        bool wasTraining = training;
        eval();
        try
        {
            using var _ = no_grad();
            var chunks = new List<Tensor>();
            for (int start = 0; start < data.Count; start += batch)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batch, data.Count - start);
                using var condition = Condition(data.Labels?.narrow(0, start, n));
                var (mu, _) = Encoder.call(data.Images.narrow(0, start, n), condition);
                chunks.Add(mu.MoveToOuterDisposeScope());
            }
            var means = cat(chunks, 0);
            chunks.ForEach(c => c.Dispose());
            return means;
        }
        finally
        {
            train(wasTraining);
        }
    }

    /// <summary>Multiply-adds of one image's forward pass through encoder and decoder (for FLOP estimates).</summary>
    public long ForwardMultiplyAdds() => Layers().Sum(l => l.MultiplyAdds);

    /// <summary>
    /// FLOPs of one training step per image: the forward pass, then a weight gradient for every layer and an input
    /// gradient for all but the first (nothing needs the gradient of the images).
    /// </summary>
    public double TrainingFlopsPerSample()
    {
        double forward = 2.0 * ForwardMultiplyAdds();
        return forward + forward + (forward - (2.0 * Layers().First().MultiplyAdds));
    }

    /// <summary>The weight layers in forward order with their multiply-adds per image.</summary>
    private IEnumerable<(nn.Module Layer, long MultiplyAdds)> Layers()
    {
        var image = Signature.Image;
        long height = image.Height, width = image.Width;
        foreach (var module in Encoder.modules().Concat(Decoder.modules()))
        {
            switch (module)
            {
                case Linear linear:
                    yield return (linear, linear.in_features * linear.out_features);
                    break;
                case Conv2d conv:
                    // Output positions × (input channels × kernel area) per output channel.
                    height /= conv.stride[0];
                    width /= conv.stride[1];
                    yield return (conv, height * width * conv.out_channels * conv.in_channels * conv.kernel_size[0] * conv.kernel_size[1]);
                    break;
                case ConvTranspose2d deconv:
                    // Every input position scatters a kernel into each output channel.
                    yield return (deconv, height * width * deconv.in_channels * deconv.out_channels * deconv.kernel_size[0] * deconv.kernel_size[1]);
                    height *= deconv.stride[0];
                    width *= deconv.stride[1];
                    break;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            decoder.Dispose();
        }
        base.Dispose(disposing);
    }
}
