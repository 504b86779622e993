using VaeOnnx.Contract;

namespace VaeOnnx.Training;

/// <summary>What the training loop reports; the console progress display and tests implement it.</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch starts with <paramref name="steps"/> steps, <paramref name="firstStep"/> of them already done.</summary>
    void EpochStarted(int epoch, int epochs, int steps, int firstStep);

    /// <summary>A step finished; <paramref name="runningLoss"/> is the mean loss per sample so far this epoch.</summary>
    void StepFinished(int epoch, int step, double runningLoss);

    /// <summary>An epoch finished (train and test passes).</summary>
    void EpochFinished(EpochRecord stats, int epochs);

    /// <summary>A one-line message.</summary>
    void Log(string message);
}
