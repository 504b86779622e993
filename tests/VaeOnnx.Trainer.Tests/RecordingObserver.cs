using VaeOnnx.Trainer.Training;

namespace VaeOnnx.Trainer.Tests;

/// <summary>Collects what the loop reports; optionally requests a stop at a given (epoch, step).</summary>
internal sealed class RecordingObserver(CancellationTokenSource? stopper = null, int stopEpoch = 0, int stopStep = 0) : ITrainingObserver
{
    public List<EpochStats> Epochs { get; } = [];

    public List<string> Messages { get; } = [];

    public int Steps { get; private set; }

    public void EpochStarted(int epoch, int epochs, int steps, int firstStep)
    {
    }

    public void StepFinished(int epoch, int step, double runningLoss)
    {
        Steps++;
        if (stopper is not null && epoch == stopEpoch && step == stopStep)
        {
            stopper.Cancel();
        }
    }

    public void EpochFinished(EpochStats stats, int epochs) => Epochs.Add(stats);

    public void Log(string message) => Messages.Add(message);
}
