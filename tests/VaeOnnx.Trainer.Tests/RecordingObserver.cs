using VaeOnnx.Contract;
using VaeOnnx.Training;

namespace VaeOnnx.Trainer.Tests;

/// <summary>Collects what the loop reports; optionally requests a stop at a given (epoch, step) or right after an epoch.</summary>
internal sealed class RecordingObserver(CancellationTokenSource? stopper = null, int stopEpoch = 0, int stopStep = 0, int stopAfterEpoch = 0) : ITrainingObserver
{
    public List<EpochRecord> Epochs { get; } = [];

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

    public void EpochFinished(EpochRecord stats, int epochs)
    {
        Epochs.Add(stats);
        if (stopper is not null && stats.Epoch == stopAfterEpoch)
        {
            stopper.Cancel();
        }
    }

    public void Log(string message) => Messages.Add(message);
}
