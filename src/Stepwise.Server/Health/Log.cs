using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Health;

/// <summary>The log events of the health checks (EventIds 7600-7609).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Operations.DatabasePingFailed, EventName = "database.ping_failed", Level = LogLevel.Warning,
        Message = "database ping failed: {reason}")]
    public static partial void DatabasePingFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.Operations.DatabasePingOk, EventName = "database.ping_ok", Level = LogLevel.Information,
        Message = "database ping ok: the database answers again")]
    public static partial void DatabasePingOk(ILogger logger);
}
