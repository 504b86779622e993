using static TorchSharp.torch;
using VaeOnnx.Training.Model;

namespace VaeOnnx.Training;

/// <summary>The phases of a training step, in order, as <see cref="TrainingStep.Run"/> reports them.</summary>
public enum StepPhase
{
    /// <summary>Gathering the batch and drawing the sampling noise.</summary>
    Data,

    /// <summary>Encoder, reparameterisation, decoder.</summary>
    Forward,

    /// <summary>BCE-with-logits and KL terms.</summary>
    Loss,

    /// <summary>Zeroing the gradients and back-propagation.</summary>
    Backward,

    /// <summary>The optimizer update (and reading the loss back).</summary>
    Optimizer,
}

/// <summary>What a training step needs of an optimizer.</summary>
public interface IStepOptimizer
{
    /// <summary>Clears the accumulated gradients.</summary>
    void ZeroGrad();

    /// <summary>Updates the parameters from the gradients.</summary>
    void Step();
}

/// <summary>The losses of one step, summed over its batch.</summary>
public readonly record struct StepLosses(double Total, double Bce, double Kld);

/// <summary>
/// One optimisation step of the VAE: gather a batch by index, draw the noise, forward, loss, backward, update. The
/// trainer runs it for every batch; the benchmark runs the same code with a phase timer.
/// </summary>
public sealed class TrainingStep(Vae model, IStepOptimizer optimizer)
{
    /// <summary>Runs one step on the rows <paramref name="indices"/> of <paramref name="images"/> ([N, pixels] in [0,1]).</summary>
    /// <param name="images">The training images.</param>
    /// <param name="indices">Row indices of the batch (int64).</param>
    /// <param name="generator">Generator of the sampling noise.</param>
    /// <param name="phaseEnded">Called after each phase (the benchmark's timer); null in training.</param>
    public StepLosses Run(Tensor images, Tensor indices, Generator generator, Action<StepPhase>? phaseEnded = null)
    {
        using var scope = NewDisposeScope();
        var x = images.index_select(0, indices);
        var noise = randn([indices.shape[0], model.LatentSize], generator: generator, device: images.device);
        phaseEnded?.Invoke(StepPhase.Data);
        var (logits, mu, logVar) = model.call(x, noise);
        phaseEnded?.Invoke(StepPhase.Forward);
        var (total, bce, kld) = VaeLoss.Compute(logits, x, mu, logVar);
        phaseEnded?.Invoke(StepPhase.Loss);
        optimizer.ZeroGrad();
        total.backward();
        phaseEnded?.Invoke(StepPhase.Backward);
        optimizer.Step();
        var losses = new StepLosses(total.item<float>(), bce.item<float>(), kld.item<float>());
        phaseEnded?.Invoke(StepPhase.Optimizer);
        return losses;
    }
}
