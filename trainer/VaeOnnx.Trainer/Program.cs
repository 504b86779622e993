using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaeOnnx.Data;
using VaeOnnx.Trainer.Hosting;
using VaeOnnx.Training;

namespace VaeOnnx.Trainer;

/// <summary>Entry point of <c>vae-train</c>.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, CancellationToken.None);

    /// <summary>Runs the trainer; <paramref name="stop"/> acts like Ctrl+C (tests use it).</summary>
    public static int Run(string[] args, CancellationToken stop)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            // The default content root is the current directory; appsettings.json lives beside the program.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("VAEONNX_");
        if (args.Contains("--help") || args.Contains("-h"))
        {
            var (defaults, _) = OptionsValidation.Bind(builder.Configuration);
            Console.Out.WriteLine(CommandLine.Help(defaults ?? new TrainerOptions()));
            return ExitCodes.Success;
        }
        if (args.Length > 0 && args[0] == "export")
        {
            return Export(args[1..]);
        }
        if (CommandLine.Check(args, new HashSet<string>()) is { } usage)
        {
            return Fail(usage, ExitCodes.Usage);
        }
        builder.Configuration.AddCommandLine(args, CommandLine.SwitchMappings());
        var (options, error) = OptionsValidation.Bind(builder.Configuration);
        if (options is null)
        {
            return Fail(error!, ExitCodes.Usage);
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ConsoleProgress>();
        builder.Services.AddSingleton<TrainingRun>();
        using var host = builder.Build();

        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            return host.Services.GetRequiredService<TrainingRun>().Execute(interrupt.Token);
        }
        catch (Exception e) when (e is DataFileException or CheckpointException)
        {
            return Fail(e.Message, ExitCodes.Usage);
        }
        catch (Exception e)
        {
            return Fail($"training failed: {e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }

        void Interrupt(PosixSignalContext context)
        {
            // Keep the process alive: the loop finishes its step, writes a checkpoint and returns 130.
            context.Cancel = true;
            if (!interrupt.IsCancellationRequested)
            {
                Console.Error.WriteLine("stopping after this step (checkpoint follows); press Ctrl+C again to abort without one");
                interrupt.Cancel();
            }
            else
            {
                Environment.Exit(ExitCodes.Interrupted);
            }
        }
    }

    /// <summary><c>vae-train export --checkpoint FILE [--out DIR] [--data DIR] [--threads N]</c>.</summary>
    private static int Export(string[] args)
    {
        var known = new HashSet<string> { "--checkpoint" };
        if (CommandLine.Check(args, known) is { } usage)
        {
            return Fail(usage, ExitCodes.Usage);
        }
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += args[i].Contains('=', StringComparison.Ordinal) ? 1 : 2)
        {
            string[] pair = args[i].Split('=', 2);
            values[pair[0]] = pair.Length == 2 ? pair[1] : args[i + 1];
        }
        if (!values.TryGetValue("--checkpoint", out string? checkpoint))
        {
            return Fail("export needs --checkpoint FILE (e.g. models/checkpoint.pt)", ExitCodes.Usage);
        }
        if (values.Keys.Except(["--checkpoint", "--out", "--data", "--threads"]).FirstOrDefault() is { } extra)
        {
            return Fail($"export does not take {extra}", ExitCodes.Usage);
        }
        int threads = 0;
        if (values.TryGetValue("--threads", out string? t) && (!int.TryParse(t, out threads) || threads < 0))
        {
            return Fail($"--threads: '{t}' is not a non-negative integer", ExitCodes.Usage);
        }
        try
        {
            return new ModelExport(new ConsoleProgress()).Execute(checkpoint, values.GetValueOrDefault("--out"), values.GetValueOrDefault("--data"), threads);
        }
        catch (Exception e) when (e is DataFileException or CheckpointException or InvalidDataException)
        {
            return Fail(e.Message, ExitCodes.Usage);
        }
        catch (Exception e)
        {
            return Fail($"export failed: {e.GetType().Name}: {e.Message}", ExitCodes.Failure);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"vae-train: {message}");
        return code;
    }
}
