using VaeOnnx.Contract;
using VaeOnnx.Data;

namespace VaeOnnx.Benchmarks.Zoo;

/// <summary>One member of the model family the zoo trains and evaluates side by side.</summary>
/// <param name="Name">Folder name under models/zoo and reports/zoo, e.g. <c>conv-16</c>.</param>
/// <param name="Signature">The model.</param>
/// <param name="Beta">Weight of the KL term.</param>
internal sealed record ZooMember(string Name, VaeSignature Signature, double Beta)
{
    /// <summary>The family of the issue: the seed's VAE, a 16-d one, both convolutional, the CVAE and a β-VAE.</summary>
    public static IReadOnlyList<ZooMember> All { get; } =
    [
        new("mlp-2", VaeSignature.Default, 1),
        new("mlp-16", VaeSignature.Default with { LatentDim = 16 }, 1),
        new("conv-2", VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(400) }, 1),
        new("conv-16", VaeSignature.Default with { Architecture = ArchitectureSpec.Conv(400), LatentDim = 16 }, 1),
        new("cvae-mlp-2", VaeSignature.Default with { Conditioning = Conditioning.ClassLabel(MnistDataset.Classes) }, 1),
        new("beta4-mlp-2", VaeSignature.Default, 4),
    ];

    /// <summary>The vae-train switches that make this member.</summary>
    public IReadOnlyList<string> TrainArguments()
    {
        var args = new List<string>
        {
            "--arch", Signature.Architecture.Id, "--hidden-dim", Invariant(Signature.Architecture.HiddenDim),
            "--latent-dim", Invariant(Signature.LatentDim), "--beta", Beta.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (Signature.IsConditional)
        {
            args.Add("--conditional");
        }
        return args;
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
