using System.Globalization;
using Spectre.Console;
using VaeOnnx.Contract;
using VaeOnnx.Training;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>
/// Progress on the console: a live bar with ETA and throughput on a terminal, one plain line per epoch when
/// the output is redirected (CI logs, files).
/// </summary>
internal sealed class ConsoleProgress(TextWriter output) : ITrainingObserver
{
    private readonly bool live = output == Console.Out && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
    private const int UpdateEvery = 8;
    private ProgressTask? task;
    private ProgressContext? context;
    private int epochsTotal;

    /// <summary>Runs <paramref name="work"/> inside a live progress display when on a terminal.</summary>
    public T Track<T>(int epochs, int stepsPerEpoch, int epochsDone, Func<T> work)
    {
        epochsTotal = epochs;
        if (!live)
        {
            return work();
        }
        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                context = ctx;
                task = ctx.AddTask("training", maxValue: (double)epochs * stepsPerEpoch);
                task.Value = (double)epochsDone * stepsPerEpoch;
                return work();
            });
    }

    public void EpochStarted(int epoch, int epochs, int steps, int firstStep)
    {
        if (task is not null)
        {
            task.Value = (double)((epoch - 1) * steps) + firstStep;
            task.Description = $"epoch {epoch}/{epochs}";
        }
    }

    public void StepFinished(int epoch, int step, double runningLoss)
    {
        // The display refreshes ~10 times a second; touching it every step only costs the training threads time.
        if (task is not null && step % UpdateEvery == 0)
        {
            task.Increment(UpdateEvery);
            task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}/{epochsTotal} loss {runningLoss:F2}");
        }
    }

    public void EpochFinished(EpochRecord stats, int epochs) =>
        Log(string.Create(CultureInfo.InvariantCulture,
            $"epoch {stats.Epoch,3}/{epochs}  train {stats.Train.Loss:F2} (bce {stats.Train.Bce:F2} kld {stats.Train.Kld:F2})  " +
            $"test {stats.Test.Loss:F2} (bce {stats.Test.Bce:F2} kld {stats.Test.Kld:F2})  {stats.Seconds:F2} s  {stats.ImagesPerSecond:N0} img/s  {stats.ResidentMiB:F0} MiB"));

    public void Log(string message)
    {
        string line = $"{DateTime.Now:HH:mm:ss} {message}";
        if (context is not null)
        {
            AnsiConsole.MarkupLine(Markup.Escape(line));
        }
        else
        {
            output.WriteLine(line);
        }
    }
}
