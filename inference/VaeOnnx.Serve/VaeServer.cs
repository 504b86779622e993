using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using VaeOnnx.Contract;
using VaeOnnx.Inference;
using VaeOnnx.Serve.Api;

namespace VaeOnnx.Serve;

/// <summary>
/// Builds the web application: the model loaded once (shared by every request; <see cref="VaeModel"/> is
/// thread-safe), the test-set latents for the map, the <c>/v1</c> API, the embedded explorer page, request logging
/// and problem-details errors. The caller starts it (<c>StartAsync</c>/<c>RunAsync</c>) and disposes it, which
/// releases the model. <c>app.Urls</c> lists the bound addresses once started (port 0 picks a free one).
/// </summary>
public static partial class VaeServer
{
    /// <summary>Log category of the startup messages.</summary>
    public const string LogCategory = "VaeOnnx.Serve";

    /// <summary>
    /// Loads the model and builds the application. Throws <see cref="ArgumentException"/> for bad options and
    /// <see cref="VaeModelException"/> for a missing or unusable model (a one-line message naming the file; a missing
    /// one says to run <c>make train</c>) or an unusable <c>classifier.onnx</c> (the file is optional; one that is there
    /// must be a latent classifier of this model).
    /// </summary>
    public static WebApplication Build(ServeOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var providerNotes = new List<string>();
        var model = VaeModel.Load(options.ModelDirectory, new VaeModelOptions
        {
            Device = options.Device,
            DeviceId = options.DeviceId,
            IntraOpThreads = options.Threads,
        }, providerNotes.Add);
        LatentClassifierModel? classifier = null;
        try
        {
            classifier = LoadClassifier(model, options);
            return BuildApp(options, model, classifier, providerNotes, configureLogging);
        }
        catch
        {
            classifier?.Dispose();
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The model folder's <c>classifier.onnx</c>, or null when there is none (it is optional: <c>/v1/classify</c> then
    /// answers 404). A file that is there but unusable, or fitted on another model's latents, fails the startup like a
    /// bad encoder does (<see cref="VaeModelException"/>): a server silently without the classifier it was given would
    /// only surprise later.
    /// </summary>
    private static LatentClassifierModel? LoadClassifier(VaeModel model, ServeOptions options) =>
        File.Exists(Path.Combine(model.ModelDirectory, ArtifactNames.Classifier))
            ? LatentClassifierModel.Load(model.ModelDirectory, model.Signature, options.Threads)
            : null;

    private static WebApplication BuildApp(ServeOptions options, VaeModel model, LatentClassifierModel? classifier, List<string> providerNotes,
        Action<ILoggingBuilder>? configureLogging)
    {
        // The caller's command line has been read; the host must not read it again. Content root = the binaries'
        // folder (the current directory is the user's, for relative --models/--data paths).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(VaeServer).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            // A conditional model's .npy batches carry their labels in the query (labels=1,2,3): the request line must
            // hold --max-batch of them (Kestrel's 8 KiB default holds about 4000 one-digit labels).
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, 1024 + (options.MaxBatch * LabelChars(model)));
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.DrainSeconds));

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (!options.LogRequests)
        {
            builder.Logging.AddFilter(RequestLogging.Category, LogLevel.Warning);
        }
        configureLogging?.Invoke(builder.Logging);

        // Factories, so the container owns (and disposes) them: the batcher first, then the classifier and the model.
        builder.Services.AddSingleton(_ => model);
        if (classifier is not null)
        {
            builder.Services.AddSingleton(_ => classifier);
        }
        builder.Services.AddSingleton<ServeMetrics>();
        builder.Services.AddSingleton<IDecodeExecutor>(services =>
        {
            var metrics = services.GetRequiredService<ServeMetrics>();
            return options.MicroBatching ? new DecodeBatcher(model, metrics) : new DirectDecoder(model, metrics);
        });
        builder.Services.AddSingleton<StaticAssets>();
        builder.Services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Customize);
        // Problems and API answers alike: never embedded in HTML, so quotes in a detail stay readable.
        // Numbers are numbers: the handlers never read them from strings, so the OpenAPI schemas must not say they may.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = JsonOutput.Options.Encoder;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        foreach (string note in providerNotes)
        {
            // CUDA was asked for by name: a warning; with --device auto the fallback to CPU is expected here.
            logger.Log(options.Device == ExecutionDevice.Cuda ? LogLevel.Warning : LogLevel.Information, ProviderEvent, "{Note}", note);
        }
        if (classifier is null)
        {
            LogNoClassifier(logger, ArtifactNames.Classifier, model.ModelDirectory);
        }
        else
        {
            LogClassifier(logger, classifier.FilePath, classifier.Classes, classifier.Hidden ?? "not recorded");
        }
        var latents = LatentMap.Load(model, options, logger);
        var metrics = app.Services.GetRequiredService<ServeMetrics>();
        // Resolved from the container (not the captured instances), so that it has created them and disposes them with the app.
        var api = new VaeApi(app.Services.GetRequiredService<VaeModel>(),
            classifier is null ? null : app.Services.GetRequiredService<LatentClassifierModel>(),
            app.Services.GetRequiredService<IDecodeExecutor>(), metrics, latents, options);
        var assets = app.Services.GetRequiredService<StaticAssets>();

        app.UseMiddleware<RequestLogging>();
        app.Use(Problems.AcceptProblemJson);
        // Routing before the metrics (they label requests by endpoint), and the metrics outside the problem writers, so
        // they count the status a refused request really got rather than the 200 it had when the exception left.
        app.UseRouting();
        app.UseHttpMetrics(exporter => exporter.ConfigureMeasurements(measurements => measurements.Registry = metrics.Registry));
        app.Use(ServeMetrics.KeepEndpoint);
        app.UseExceptionHandler(Problems.ExceptionHandler());
        app.UseStatusCodePages();

        ApiRoutes.Map(app, api, assets, metrics);
        app.MapOpenApi("/openapi/{documentName}.json");

        app.Lifetime.ApplicationStarted.Register(() => LogStarted(logger, model.ModelDirectory, model.LatentDim, model.Provider,
            model.IntraOpThreads, options.MicroBatching ? "on" : "off", string.Join(", ", app.Urls)));
        app.Lifetime.ApplicationStopping.Register(() => LogStopping(logger));
        return app;
    }

    /// <summary>Characters of the widest label and its comma in a query's label list; 0 for an unconditional model.</summary>
    private static int LabelChars(VaeModel model) => model.Signature.IsConditional
        ? (model.Signature.Conditioning.Classes - 1).ToString(CultureInfo.InvariantCulture).Length + 1
        : 0;

    private static readonly EventId ProviderEvent = new(1, "Provider");

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Serving {ModelDirectory} (latent {LatentDim}, {Provider}, intra-op threads {Threads}, micro-batching {MicroBatching}) on {Urls}: explorer page at /, API under /v1; Ctrl+C stops")]
    private static partial void LogStarted(ILogger logger, string modelDirectory, int latentDim, string provider, int threads, string microBatching, string urls);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "Classification available: {ClassifierPath} ({Classes} classes, hidden layers {Hidden}) answers POST /v1/classify")]
    private static partial void LogClassifier(ILogger logger, string classifierPath, int classes, string hidden);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information,
        Message = "Classification unavailable: no {ClassifierFile} in {ModelDirectory}, so POST /v1/classify answers 404")]
    private static partial void LogNoClassifier(ILogger logger, string classifierFile, string modelDirectory);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Shutting down: finishing requests in flight")]
    private static partial void LogStopping(ILogger logger);
}
