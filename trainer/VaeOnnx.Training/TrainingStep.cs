using static TorchSharp.torch;
using VaeOnnx.Contract;
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

    /// <summary>Releasing the last gradients and back-propagation.</summary>
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
public sealed class TrainingStep(Vae model, IStepOptimizer optimizer, double beta = 1, TrainingPrecision precision = TrainingPrecision.Float32)
{
    // The fully connected model in float32 on the CPU takes its gradients by hand (bit for bit autograd's, faster);
    // every other model goes through autograd.
    private readonly MlpBackprop? backprop = MlpBackprop.For(model, precision);

    /// <summary>Runs one step on the rows <paramref name="indices"/> of <paramref name="data"/>.</summary>
    /// <param name="data">The training split (labels present for a conditional model).</param>
    /// <param name="indices">Row indices of the batch (int64).</param>
    /// <param name="generator">Generator of the sampling noise.</param>
    /// <param name="phaseEnded">Called after each phase (the benchmark's timer); null in training.</param>
    /// <returns>The batch's losses: <see cref="StepLosses.Total"/> is BCE + KLD (the negative ELBO), whatever β is.</returns>
    public StepLosses Run(TensorDataset data, Tensor indices, Generator generator, Action<StepPhase>? phaseEnded = null)
    {
        using var scope = NewDisposeScope();
        var x = data.Images.index_select(0, indices);
        var labels = data.Labels?.index_select(0, indices);
        var noise = randn([indices.shape[0], model.LatentSize], generator: generator, device: data.Images.device);
        phaseEnded?.Invoke(StepPhase.Data);
        var (bce, kld) = backprop is null ? Autograd(x, labels, noise, phaseEnded) : backprop.Run(x, labels, noise, beta, phaseEnded);
        optimizer.Step();
        var losses = new StepLosses(bce + kld, bce, kld);
        phaseEnded?.Invoke(StepPhase.Optimizer);
        return losses;
    }

    private (double Bce, double Kld) Autograd(Tensor x, Tensor? labels, Tensor noise, Action<StepPhase>? phaseEnded)
    {
        Tensor logits, mu, logVar;
        using (Bf16Autocast.Enter(precision == TrainingPrecision.Bf16))
        {
            (logits, mu, logVar) = model.Forward(x, noise, labels);
        }
        phaseEnded?.Invoke(StepPhase.Forward);
        var (bce, logitGradient) = VaeLoss.Reconstruction(logits, x);
        var (kld, muGradient, logVarGradient) = VaeLoss.Divergence(mu, logVar, beta);
        phaseEnded?.Invoke(StepPhase.Loss);
        optimizer.ZeroGrad();
        VaeLoss.Backward(logits, logitGradient, mu, muGradient, logVar, logVarGradient);
        phaseEnded?.Invoke(StepPhase.Backward);
        return (bce, kld);
    }
}
