using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Storage;

/// <summary>Log events of the storage area, ids 2200-2299 (<see cref="LogEventIds.Storage"/>).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Storage.StorageOpen, EventName = "storage.open", Level = LogLevel.Information,
        Message = "Opened {Dialect} storage at {Location}, schema version {Version}")]
    public static partial void Opened(ILogger logger, string dialect, string location, int version);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageBatchFailed, EventName = "storage.batch_failed", Level = LogLevel.Warning,
        Message = "A batch of {Count} writes could not be committed; each caller was given the error")]
    public static partial void BatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageWriteFailed, EventName = "storage.write_failed", Level = LogLevel.Error,
        Message = "{Write} failed; the caller was given the error")]
    public static partial void WriteFailed(ILogger logger, string write, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageMigrationApplied, EventName = "storage.migration_applied", Level = LogLevel.Information,
        Message = "Applied migration {Version} ({Description}) to {Location}")]
    public static partial void MigrationApplied(ILogger logger, int version, string description, string location);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageMigrationReverted, EventName = "storage.migration_reverted", Level = LogLevel.Information,
        Message = "Reverted migration {Version} ({Description}) of {Location}")]
    public static partial void MigrationReverted(ILogger logger, int version, string description, string location);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageClosed, EventName = "storage.closed", Level = LogLevel.Information,
        Message = "Closed {Dialect} storage at {Location} after {Entries} journal entries in {Batches} batches")]
    public static partial void Closed(ILogger logger, string dialect, string location, long entries, long batches);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageWriterStopped, EventName = "storage.writer_stopped", Level = LogLevel.Critical,
        Message = "The storage writer stopped after an unexpected error; no further writes are accepted")]
    public static partial void WriterStopped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageListenerConnected, EventName = "storage.listener_connected", Level = LogLevel.Debug,
        Message = "Listening for work on channel {Channel}")]
    public static partial void ListenerConnected(ILogger logger, string channel);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageListenerFailed, EventName = "storage.listener_failed", Level = LogLevel.Warning,
        Message = "Listening for work on channel {Channel} failed; trying again in {RetryDelay}")]
    public static partial void ListenerFailed(ILogger logger, string channel, TimeSpan retryDelay, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageCheckpointFailed, EventName = "storage.checkpoint_failed", Level = LogLevel.Warning,
        Message = "A checkpoint of {Location}'s WAL by the {Checkpointer} failed ({Error}); writes go on, and further failures with this error are counted, not logged, until a checkpoint succeeds")]
    public static partial void CheckpointFailed(ILogger logger, string location, string checkpointer, string error);

    [LoggerMessage(EventId = LogEventIds.Storage.StorageWalCheckpoints, EventName = "storage.wal_checkpoints", Level = LogLevel.Information,
        Message = "The WAL of {Location} took {Frames} frames from commits; the checkpointer copied {FramesCheckpointed} in {Checkpoints} checkpoints ({Busy} busy, {Failed} failed), the writer checkpointed {WriterCheckpoints} times, the WAL started again {Restarts} times and held at most {LargestWal} frames")]
    public static partial void WalCheckpoints(
        ILogger logger, string location, long frames, long framesCheckpointed, long checkpoints, long busy, long failed,
        long writerCheckpoints, long restarts, long largestWal);

    [LoggerMessage(EventId = LogEventIds.Reliability.StoreFault, EventName = "store.fault", Level = LogLevel.Error,
        Message = "The store cannot keep writes: {Reason}. Writes answer 503 and readiness fails until it is fixed")]
    public static partial void StoreFaulted(ILogger logger, string reason);

    [LoggerMessage(EventId = LogEventIds.Reliability.StoreRecovered, EventName = "store.recovered", Level = LogLevel.Information,
        Message = "The store keeps writes again after {Duration} of '{Reason}'")]
    public static partial void StoreRecovered(ILogger logger, string reason, TimeSpan duration);
}
