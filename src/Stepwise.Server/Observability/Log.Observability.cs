using Stepwise.Core.Telemetry;

namespace Stepwise.Server;

/// <summary>Log events of operations and observability, ids 1500-1599.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Observability.RequestDebug, EventName = "request.debug", Level = LogLevel.Debug,
        Message = "X-Debug: logging this request at debug level for key {user_id}")]
    public static partial void DebugRequest(ILogger logger, string user_id);

    [LoggerMessage(EventId = LogEventIds.Observability.RequestDebugRefused, EventName = "request.debug_refused", Level = LogLevel.Information,
        Message = "X-Debug ignored: it needs an admin API key")]
    public static partial void DebugRequestRefused(ILogger logger);
}
