using System.CommandLine;
using Microsoft.Extensions.Hosting;
using VaeOnnx.CommandLine;
using VaeOnnx.Contract;
using VaeOnnx.Serve;

namespace VaeOnnx.Cli.Commands;

/// <summary>
/// <c>vae serve</c>: the HTTP API and explorer page of <see cref="VaeServer"/> until Ctrl+C or SIGTERM, which the generic
/// host's console lifetime turns into a graceful shutdown (listeners closed, requests in flight given
/// <c>--drain-seconds</c>, exit 0). The options map onto <see cref="ServeOptions"/>;
/// their ranges and the <c>--urls</c> syntax are checked here, so a bad value is a parse error naming the option. A
/// missing model or an address in use is one line and exit 2 (<see cref="ErrorPolicy"/>).
/// </summary>
internal sealed class ServeCommand
{
    private static readonly ServeOptions Defaults = new();

    private readonly ModelOptions _model;
    private readonly Option<string> _urls = Urls();
    private readonly Option<int> _threads = SharedOptions.Threads(Defaults.Threads, "intra-op threads per session, 0 = all cores (1: requests run in parallel)");
    private readonly Option<string> _data = SharedOptions.Data("dataset whose test split feeds the explorer's map");
    private readonly Option<string> _reports = CliOptions.Text("--reports",
        $"use DIR/{ArtifactNames.LatentsTest} + {ArtifactNames.LabelsTest} for the map when present", Defaults.ReportsDirectory, "DIR");
    private readonly Option<int> _maxBatch = CliOptions.Int("--max-batch", "most latent codes or images per request", Defaults.MaxBatch, 1,
        ServeOptions.MaxBatchLimit);
    private readonly Option<int> _maxBodyBytes = CliOptions.Int("--max-body-bytes", "largest request body in bytes", (int)Defaults.MaxBodyBytes,
        ServeOptions.MinBodyBytes, ServeOptions.BodyBytesLimit);
    private readonly Option<int> _latentPoints = CliOptions.Int("--latent-points", "test-set points sent to the map, a fixed subsample (0 = no map)",
        Defaults.LatentPoints, 0, ServeOptions.LatentPointsLimit);
    private readonly Option<int> _drainSeconds = CliOptions.Int("--drain-seconds", "on Ctrl+C or SIGTERM, seconds requests in flight may take to finish",
        Defaults.DrainSeconds, 0, ServeOptions.DrainSecondsLimit);
    private readonly Option<bool> _microBatch = CliOptions.Flag("--micro-batch", "merge concurrent decode requests into one ONNX Runtime call");
    private readonly Option<bool> _quiet = CliOptions.Flag("--quiet", "no per-request log lines");

    public ServeCommand(ModelOptions model)
    {
        _model = model;
        Command = new Command("serve", "HTTP API (decode/encode/generate/interpolate) and latent-space explorer page, until Ctrl+C or SIGTERM");
        foreach (Option option in new Option[] { model.Models, _urls, model.Device, model.DeviceId, _threads, _data, _reports, _maxBatch, _maxBodyBytes,
            _latentPoints, _drainSeconds, _microBatch, _quiet })
        {
            Command.Options.Add(option);
        }
        Command.SetAction(async (result, stop) =>
        {
            await using var app = VaeServer.Build(ToOptions(result));
            await app.StartAsync(stop).ConfigureAwait(false);
            await app.WaitForShutdownAsync(stop).ConfigureAwait(false);
            return ExitCodes.Success;
        });
    }

    /// <summary>The <c>serve</c> verb.</summary>
    public Command Command { get; }

    /// <summary>The server options a parsed <c>vae serve</c> command line asks for.</summary>
    public ServeOptions ToOptions(ParseResult result) => new()
    {
        ModelDirectory = result.GetValue(_model.Models)!,
        Urls = result.GetValue(_urls)!,
        Device = result.GetValue(_model.Device),
        DeviceId = result.GetValue(_model.DeviceId),
        Threads = result.GetValue(_threads),
        DataDirectory = result.GetValue(_data)!,
        ReportsDirectory = result.GetValue(_reports)!,
        MaxBatch = result.GetValue(_maxBatch),
        MaxBodyBytes = result.GetValue(_maxBodyBytes),
        LatentPoints = result.GetValue(_latentPoints),
        DrainSeconds = result.GetValue(_drainSeconds),
        MicroBatching = result.GetValue(_microBatch),
        LogRequests = !result.GetValue(_quiet),
    };

    private static Option<string> Urls()
    {
        var option = CliOptions.Text("--urls", "listen addresses, ';'-separated (port 0 picks a free port)", Defaults.Urls, "URLS");
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > 0 } urls && ServeOptions.CheckUrls(urls) is { } fault)
            {
                result.AddError($"{option.Name}: {fault}");
            }
        });
        return option;
    }
}
