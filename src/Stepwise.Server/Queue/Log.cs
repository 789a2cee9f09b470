using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Queue;

/// <summary>The log events of queue administration.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Queue.QueuePurged, EventName = "queue.purged", Level = LogLevel.Information,
        Message = "queue.purged org={org_id} status={status} older_than={older_than}: {count} runs deleted with their steps and logs")]
    public static partial void Purged(ILogger logger, string org_id, string status, string older_than, int count);
}
