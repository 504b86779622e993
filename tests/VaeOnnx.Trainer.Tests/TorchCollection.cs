namespace VaeOnnx.Trainer.Tests;

/// <summary>Tests that drive libtorch or the console run one at a time: both are process-wide.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
