using VaeOnnx.Contract;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>The architectures <c>--arch</c> names (ids in <see cref="ArchitectureSpec.Ids"/>).</summary>
public enum Architecture
{
    /// <summary><see cref="ArchitectureSpec.Ids.Mlp"/>.</summary>
    Mlp,

    /// <summary><see cref="ArchitectureSpec.Ids.Conv"/>.</summary>
    Conv,
}
