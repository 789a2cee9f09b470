using Serilog;
using Serilog.Core;
using Serilog.Extensions.Logging;
using Serilog.Formatting;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Builds the one Serilog logger of the server from <see cref="LogSettings"/> and plugs it in as the only logging
/// provider. Serilog only writes: events come from <c>[LoggerMessage]</c> methods through
/// Microsoft.Extensions.Logging, and <see cref="LevelGateLoggerProvider"/> decides which are written.
/// </summary>
internal static class SerilogSetup
{
    public static void Configure(ILoggingBuilder logging, LogSettings settings)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Debug);

        // Made by a factory so the container disposes it last: that flushes the lines still queued at exit (an
        // instance given to AddProvider is never disposed).
        logging.Services.AddSingleton<ILoggerProvider>(_ => new LevelGateLoggerProvider(
            new SerilogLoggerProvider(CreateLogger(settings), dispose: true), new LevelRules(settings.Level)));
    }

    public static Logger CreateLogger(LogSettings settings)
    {
        var formatter = settings.Json ? (ITextFormatter)new JsonLogFormatter() : new TextLogFormatter();
        var configuration = new LoggerConfiguration().MinimumLevel.Verbose();
        if (settings.AddSource)
        {
            configuration = configuration.Enrich.With<SourceEnricher>();
        }

        // Writes leave the request's thread for a queue; a full queue makes callers wait rather than lose lines.
        configuration = settings.Output switch
        {
            // Written by one background thread; flushed each second and when the server stops. The active file is
            // always the configured path; rotated ones get _001, _002, ... suffixes.
            LogOutput.File => configuration.WriteTo.Async(
                sink => sink.Sink(new RotatingFileSink(
                    settings.FilePath!, formatter, settings.FileSizeLimit, LogSettings.RetainedFiles)),
                blockWhenFull: true),
            LogOutput.Stderr => Batched(configuration, Console.OpenStandardError(), formatter),
            _ => Batched(configuration, Console.OpenStandardOutput(), formatter),
        };

        return configuration.CreateLogger();
    }

    /// <summary>
    /// Standard output or error, written in bursts: one write when the queue runs dry rather than one write and flush
    /// per line (at LOG_LEVEL=info a webhook request logs four lines).
    /// </summary>
    private static LoggerConfiguration Batched(LoggerConfiguration configuration, Stream output, ITextFormatter formatter) =>
        configuration.WriteTo.Sink(new StreamBatchSink(output, formatter));
}
