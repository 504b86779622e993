using VaeOnnx.Trainer.Hosting;

namespace VaeOnnx.Trainer;

/// <summary>Entry point of <c>vae-train</c>.</summary>
public static class Program
{
    public static int Main(string[] args) => TrainerCommand.Run(args, CancellationToken.None);
}
