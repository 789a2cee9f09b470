using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Executions.Events;

/// <summary>The log events of the live event streams (EventIds 7100-7199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Dashboard.EventsStreamOpen, EventName = "events.stream_open", Level = LogLevel.Debug,
        Message = "events.stream_open org={org_id} caller={caller_id} stream={stream} open={open}")]
    public static partial void StreamOpened(ILogger logger, string org_id, string caller_id, string stream, int open);

    [LoggerMessage(EventId = LogEventIds.Dashboard.EventsStreamRefused, EventName = "events.stream_refused", Level = LogLevel.Information,
        Message = "events.stream_refused org={org_id} caller={caller_id}: {open} streams already open on this node")]
    public static partial void StreamRefused(ILogger logger, string org_id, string caller_id, int open);
}
