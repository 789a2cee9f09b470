using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Retention;

/// <summary>The retention job's log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Retention.RetentionPurged, EventName = "retention.purged", Level = LogLevel.Information,
        Message = "Purged {count} finished executions older than {retention}")]
    public static partial void Purged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = LogEventIds.Retention.RetentionFailed, EventName = "retention.failed", Level = LogLevel.Error,
        Message = "Purging finished executions past the retention failed; trying again at the next interval")]
    public static partial void Failed(ILogger logger, Exception exception);
}
