using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Runs;

/// <summary>Log events of the worker and run starts (ids kept from when the server held them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Server.ServerShutdown, EventName = "server.shutdown", Level = LogLevel.Information,
        Message = "Shutting down: waiting up to {grace} for {count} running executions")]
    public static partial void ShuttingDown(ILogger logger, TimeSpan grace, int count);

    [LoggerMessage(EventId = LogEventIds.Server.ServerShutdownGraceElapsed, EventName = "server.shutdown_grace_elapsed", Level = LogLevel.Warning,
        Message = "Shutdown grace of {grace} elapsed; interrupting {count} executions (they resume at the next start)")]
    public static partial void GraceElapsed(ILogger logger, TimeSpan grace, int count);

    [LoggerMessage(EventId = LogEventIds.Worker.WorkerRecovered, EventName = "worker.recovered", Level = LogLevel.Information,
        Message = "Resuming {count} executions left unfinished by a stopped process")]
    public static partial void Recovering(ILogger logger, int count);

    [LoggerMessage(EventId = LogEventIds.Worker.WorkerError, EventName = "worker.error", Level = LogLevel.Error,
        Message = "Execution {execution_id} stopped with an error in the worker")]
    public static partial void RunCrashed(ILogger logger, string execution_id, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Worker.WorkerPollError, EventName = "worker.poll_error", Level = LogLevel.Error,
        Message = "Claiming runs failed; trying again in {retry_in}")]
    public static partial void PollFailed(ILogger logger, TimeSpan retry_in, Exception exception);

    // The store's own state change is logged once (store.fault / the database ping); these repeat while it lasts, so
    // they are quiet: no stack, and claims at debug.
    [LoggerMessage(EventId = LogEventIds.Worker.WorkerPollDeferred, EventName = "worker.poll_deferred", Level = LogLevel.Debug,
        Message = "Claiming runs waits for the store ({reason}); trying again in {retry_in}")]
    public static partial void PollDeferred(ILogger logger, string reason, TimeSpan retry_in);

    [LoggerMessage(EventId = LogEventIds.Worker.WorkerRequeued, EventName = "worker.requeued", Level = LogLevel.Warning,
        Message = "Execution {execution_id} stopped because the store could not keep it ({reason}); running it again in {retry_in}")]
    public static partial void RunRequeued(ILogger logger, string execution_id, string reason, TimeSpan retry_in);

    [LoggerMessage(EventId = LogEventIds.Reliability.RecoveryOwnLeasesEnded, EventName = "recovery.own_leases_ended", Level = LogLevel.Information,
        Message = "Ended {count} leases of this node's previous process (node {node_id}); its runs resume now")]
    public static partial void OwnLeasesEnded(ILogger logger, int count, string node_id);

    [LoggerMessage(EventId = LogEventIds.Reliability.RecoveryNodeShared, EventName = "recovery.node_shared", Level = LogLevel.Warning,
        Message = "Another live process uses data folder {data} as node {node_id}; runs of earlier processes resume when their leases expire")]
    public static partial void NodeShared(ILogger logger, string data, string node_id);
}
