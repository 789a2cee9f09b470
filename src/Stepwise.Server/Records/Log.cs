using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Records;

/// <summary>Log events of records (EventIds 7050-7099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Records.RecordCreated, EventName = "record.created", Level = LogLevel.Information,
        Message = "Stored {Count} record(s) for organization {OrgId}")]
    public static partial void Created(ILogger logger, int count, string orgId);

    [LoggerMessage(EventId = LogEventIds.Records.RecordSettled, EventName = "record.settled", Level = LogLevel.Information,
        Message = "Record {RecordId} is {Status} after run {ExecutionId}")]
    public static partial void Settled(ILogger logger, string recordId, string executionId, string status);

    [LoggerMessage(EventId = LogEventIds.Records.RecordStillProcessing, EventName = "record.still_processing", Level = LogLevel.Information,
        Message = "Record {RecordId}: run {ExecutionId} had not finished after {Wait}; the record stays processing")]
    public static partial void StillProcessing(ILogger logger, string recordId, string executionId, TimeSpan wait);

    [LoggerMessage(EventId = LogEventIds.Records.RecordSettleDeferred, EventName = "record.settle_deferred", Level = LogLevel.Warning,
        Message = "Record {RecordId}: its run's end could not be recorded now; the next read of the record settles it")]
    public static partial void SettleDeferred(ILogger logger, Exception exception, string recordId);

    [LoggerMessage(EventId = LogEventIds.Records.RecordProcessOnArrivalFailed, EventName = "record.process_on_arrival_failed", Level = LogLevel.Warning,
        Message = "Record {RecordId} of category {Category} could not start processing on arrival: {Reason}")]
    public static partial void ArrivalNotStarted(ILogger logger, string recordId, string category, string reason);
}
