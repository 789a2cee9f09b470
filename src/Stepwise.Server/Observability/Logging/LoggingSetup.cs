namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Plugs <see cref="StepwiseLoggerProvider"/> in as the server's only logging provider, writing through a
/// <see cref="LogLineWriter"/> to the output and in the format <see cref="LogSettings"/> name. Events come from
/// <c>[LoggerMessage]</c> methods through Microsoft.Extensions.Logging; the provider formats them on the logging thread
/// and the writer's thread writes them.
/// </summary>
internal static class LoggingSetup
{
    public static void Configure(ILoggingBuilder logging, LogSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Debug);

        // Every line logged under a span carries its span_id, trace_id and parent_id, which the provider reads off the
        // span itself (SpanFields). The host's default tracking is turned off: it would add the same fields again, and
        // made a scope object, its array and a dictionary for every span a line was logged in.
        logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.None);

        // Made by a factory so the container disposes it last: that writes the lines still queued at exit (an
        // instance given to AddProvider is never disposed).
        logging.Services.AddSingleton<ILoggerProvider>(services => new StepwiseLoggerProvider(
            CreateWriter(settings), Formatters(settings), new LevelRules(settings.Level), settings.AddSource,
            services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>Makes a formatter of the configured format: one per logging thread, as a formatter reuses its buffers.</summary>
    public static Func<ILogLineFormatter> Formatters(LogSettings settings) =>
        settings.Json ? static () => new JsonLogFormatter() : static () => new TextLogFormatter();

    public static LogLineWriter CreateWriter(LogSettings settings)
    {
        ILogOutput output = settings.Output switch
        {
            // The active file is always the configured path; rotated ones get _001, _002, ... suffixes.
            LogOutput.File => new RotatingLogFile(settings.FilePath!, settings.FileSizeLimit, LogSettings.RetainedFiles),
            LogOutput.Stderr => new StreamLogOutput(Console.OpenStandardError()),
            _ => new StreamLogOutput(Console.OpenStandardOutput()),
        };
        return new LogLineWriter(output);
    }
}
