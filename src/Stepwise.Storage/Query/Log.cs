using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Storage.Query;

/// <summary>Log events of the query language's runner (EventIds 7000-7049).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Records.QueryRun, EventName = "query.run", Level = LogLevel.Debug,
        Message = "Query on {Entity} for organization {OrgId} returned {Rows} row(s) in {DurationMs} ms")]
    public static partial void Ran(ILogger logger, string entity, string orgId, int rows, long durationMs);

    [LoggerMessage(EventId = LogEventIds.Records.QueryTimeout, EventName = "query.timeout", Level = LogLevel.Warning,
        Message = "Query on {Entity} for organization {OrgId} stopped at its time limit of {TimeoutMs} ms")]
    public static partial void TimedOut(ILogger logger, string entity, string orgId, long timeoutMs);

    [LoggerMessage(EventId = LogEventIds.Records.QueryFailed, EventName = "query.failed", Level = LogLevel.Error,
        Message = "Query on {Entity} for organization {OrgId} failed in the database")]
    public static partial void Failed(ILogger logger, Exception exception, string entity, string orgId);
}
