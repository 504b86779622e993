namespace VaeOnnx.Trainer.Hosting;

/// <summary>Process exit codes of the trainer.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int Interrupted = 130;
}
