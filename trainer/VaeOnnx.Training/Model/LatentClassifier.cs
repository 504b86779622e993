using TorchSharp.Modules;
using static TorchSharp.torch;

namespace VaeOnnx.Training.Model;

/// <summary>
/// The latent classifier of <c>classifier.onnx</c>: μ → hidden layers with ReLU → one logit per class. Small on
/// purpose (latent → 64 → 64 → classes): it shows how much class information the latent space holds, it does not try
/// to recognise digits from pixels.
/// </summary>
public sealed class LatentClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>The hidden widths used by default.</summary>
    public static IReadOnlyList<int> DefaultHidden { get; } = [64, 64];

    /// <summary>Builds the layers (weights from the current torch seed).</summary>
    public LatentClassifier(int latentSize, int classes, IReadOnlyList<int>? hidden = null) : base(nameof(LatentClassifier))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Hidden = hidden ?? DefaultHidden;
        Classes = classes;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long width = latentSize;
        for (int i = 0; i < Hidden.Count; i++)
        {
            layers.Add(($"fc{i + 1}", nn.Linear(width, Hidden[i])));
            layers.Add(($"relu{i + 1}", nn.ReLU()));
            width = Hidden[i];
        }
        layers.Add(("out", nn.Linear(width, classes)));
        logits = nn.Sequential(layers);
        RegisterComponents();
    }

    // The field name becomes the state-dict prefix (logits.fc1.weight, ...) and the ONNX initializer names.
    private readonly Sequential logits;

    /// <summary>The layers up to the logits (the exported graph appends a Softmax).</summary>
    public Sequential Logits => logits;

    /// <summary>Widths of the hidden layers.</summary>
    public IReadOnlyList<int> Hidden { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Logits [N, classes] of latent means [N, latent].</summary>
    public override Tensor forward(Tensor mu) => Logits.call(mu);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            logits.Dispose();
        }
        base.Dispose(disposing);
    }
}
