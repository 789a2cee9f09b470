using Microsoft.Extensions.Logging.Console;

namespace Stepwise.Server.Hosting;

/// <summary>
/// LOG_LEVEL (debug, info, warning, error), LOG_FORMAT (json, the default, or text) and LOG_OUTPUT (stdout or
/// stderr). JSON lines carry the request id of the request they belong to.
/// </summary>
internal static class ServerLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        var level = Read(configuration, "LOG_LEVEL", "info") switch
        {
            "debug" or "trace" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            var other => throw new ServerConfigurationException(
                $"LOG_LEVEL: '{other}' is not one of debug, info, warning, error."),
        };
        var json = Read(configuration, "LOG_FORMAT", "json") switch
        {
            "json" => true,
            "text" => false,
            var other => throw new ServerConfigurationException($"LOG_FORMAT: '{other}' is not json or text."),
        };
        var toStderr = Read(configuration, "LOG_OUTPUT", "stdout") switch
        {
            "stdout" => false,
            "stderr" => true,
            var other => throw new ServerConfigurationException($"LOG_OUTPUT: '{other}' is not stdout or stderr."),
        };

        logging.ClearProviders();
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // A failed start is reported once, without a stack trace, by StepwiseServer.RunAsync.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        logging.AddConsole(options => options.LogToStandardErrorThreshold = toStderr ? LogLevel.Trace : LogLevel.None);
        if (json)
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "HH:mm:ss.fff ";
                options.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    private static string Read(IConfiguration configuration, string key, string fallback)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? fallback : value.Trim().ToLowerInvariant();
    }
}
