using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stepwise.Core.Telemetry;
using Stepwise.Server.Executions;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// The server's instruments, on a <c>Stepwise</c> meter of this host (so two servers in one process, as in tests, keep
/// theirs apart): HTTP requests, database connections, the writer's commits, runs in flight and the queue of waiting runs.
/// </summary>
internal sealed class ServerMetrics
{
    private static readonly double[] HttpBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private long _queueDepth;

    public ServerMetrics(IMeterFactory meterFactory, StoreHost store, ExecutionWorker worker)
    {
        var meter = meterFactory.Create(new MeterOptions(StepwiseTelemetry.Name) { Version = StepwiseTelemetry.Version });
        _requests = meter.CreateCounter<long>(
            "http_requests_total", description: "HTTP requests answered, by method, route template and status code.");
        _requestDuration = meter.CreateHistogram(
            "http_request_duration_seconds",
            unit: "s",
            description: "Time to answer HTTP requests, by method and route template.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HttpBuckets });
        meter.CreateObservableGauge(
            "db_connections_in_use",
            () => store.IsOpen ? store.Storage.Diagnostics.Connections.InUse : 0,
            description: "Database connections in use (SQLite: readers reading, plus the writer while writes wait).");
        meter.CreateObservableGauge(
            "db_connections_open",
            () => store.IsOpen ? store.Storage.Diagnostics.Connections.OpenConnections : 0,
            description: "Database connections open.");
        meter.CreateObservableGauge(
            "db_writes_queued",
            () => store.IsOpen ? store.Storage.Diagnostics.Connections.QueuedWrites : 0,
            description: "Writes waiting for the single database writer.");
        meter.CreateObservableCounter(
            "db_commits_total",
            () => ObserveCommits(store),
            description: "Transactions the database writer committed, by who committed: the writer's loop (a batch of what was queued) or a request (a run's end committed on its own thread while the writer was idle).");
        meter.CreateObservableCounter(
            "db_writes_committed_total",
            () => ObserveWrites(store),
            description: "Writes committed, by kind: journal (a run, its steps, statuses and log lines) or store (everything else: runs created, leases, versions, keys).");
        meter.CreateObservableCounter(
            "db_writes_failed_total",
            () => store.IsOpen ? store.Storage.Counters.WritesFailed : 0,
            description: "Writes whose callers were handed an error.");
        meter.CreateObservableGauge(
            "db_commit_largest_writes",
            () => store.IsOpen ? store.Storage.Counters.LargestBatch : 0,
            description: "Most writes committed in one transaction since the store opened.");
        meter.CreateObservableCounter(
            "db_wal_checkpoints_total",
            () => ObserveWalCheckpoints(store),
            description: "SQLite only: checkpoints of the write-ahead log, by who ran them (the checkpointer's thread, or the writer on its commit path).");
        meter.CreateObservableGauge(
            "db_wal_frames",
            () => store.IsOpen && store.Storage.Checkpoints is { } wal ? wal.WalFrames : 0,
            description: "SQLite only: frames (pages) in the write-ahead log after the last commit.");
        meter.CreateObservableGauge(
            "workflow_runs_in_flight",
            () => worker.RunningCount,
            description: "Workflow executions running in this process.");
        meter.CreateObservableGauge(
            "workflow_queue_depth",
            () => Interlocked.Read(ref _queueDepth),
            description: "Executions waiting to run (status pending), across every process sharing the database.");
        meter.CreateObservableGauge(
            "stepwise_build_info",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", ServerVersion.Current)),
            description: "Always 1; the version label is the running build.");
    }

    private static Measurement<long>[] ObserveCommits(StoreHost store)
    {
        if (!store.IsOpen)
        {
            return [];
        }

        var counters = store.Storage.Counters;
        var byRequests = counters.CommitsByAppenders;
        return
        [
            new(counters.BatchesCommitted - byRequests, new KeyValuePair<string, object?>("committer", "writer")),
            new(byRequests, new KeyValuePair<string, object?>("committer", "request")),
        ];
    }

    private static Measurement<long>[] ObserveWrites(StoreHost store)
    {
        if (!store.IsOpen)
        {
            return [];
        }

        var counters = store.Storage.Counters;
        return
        [
            new(counters.EntriesWritten, new KeyValuePair<string, object?>("kind", "journal")),
            new(counters.StoreWritesCommitted, new KeyValuePair<string, object?>("kind", "store")),
        ];
    }

    public void RecordRequest(string method, string route, int statusCode, TimeSpan duration)
    {
        _requests.Add(1, new TagList { { "method", method }, { "route", route }, { "status_code", Boxed(statusCode) } });
        _requestDuration.Record(duration.TotalSeconds, new TagList { { "method", method }, { "route", route } });
    }

    private static Measurement<long>[] ObserveWalCheckpoints(StoreHost store) =>
        store.IsOpen && store.Storage.Checkpoints is { } wal
            ? [new(wal.Checkpoints, new KeyValuePair<string, object?>("by", "checkpointer")),
                new(wal.WriterCheckpoints, new KeyValuePair<string, object?>("by", "writer"))]
            : [];

    // A tag's value is an object: each status code is boxed once, not once per request.
    private static readonly object?[] StatusCodes = new object?[600];

    private static object Boxed(int statusCode) =>
        (uint)statusCode < (uint)StatusCodes.Length ? StatusCodes[statusCode] ??= statusCode : statusCode;

    /// <summary>Sets the queue depth gauge; /metrics reads the database for it just before each scrape.</summary>
    public void SetQueueDepth(long pending) => Interlocked.Exchange(ref _queueDepth, pending);
}
