namespace VaeOnnx.Trainer.Training;

/// <summary>Loss per sample over one pass: total = BCE + KLD.</summary>
public sealed record LossStats(double Loss, double Bce, double Kld);

/// <summary>One epoch of the history; <paramref name="ResidentMiB"/> is the process's resident memory at its end,
/// recorded so that growth across epochs (native leaks) is visible in the history.</summary>
public sealed record EpochStats(int Epoch, LossStats Train, LossStats Test, double Seconds, double ImagesPerSecond, double ResidentMiB);
