using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The one writer of a process. Appenders put writes on a bounded channel; one loop takes every write waiting (up
/// to <see cref="StorageOptions.MaxBatchSize"/>) and commits them in one transaction, in the order they were
/// appended, then completes each caller's task. Under load many runs' steps share one commit and one fsync; when
/// idle a lone write commits at once, with no waiting for company. A write that fails is failed alone and the rest
/// of its batch committed without it, so one bad write never fails its neighbours.
/// </summary>
internal sealed class StorageWriter : IExecutionJournal, IAsyncDisposable
{
    // 0.1 s doubling six times: a batch waits up to 6.3 s for the database to come back.
    private const int MaxReconnects = 6;

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<WriteRequest> _queue;
    private readonly List<JournalEntry> _journalRun = [];
    private readonly WriterSession _session;
    private readonly SqlDialect _dialect;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly JournalRequestPool _pool;
    private readonly Task _loop;
    private int _disposed;

    public StorageWriter(
        SqlDialect dialect, WriterSession session, StorageOptions options, WriterCounters counters, StoreFaultMonitor faults, ILogger logger)
    {
        Faults = faults;
        _dialect = dialect;
        _session = session;
        _logger = logger;
        Counters = counters;
        _maxBatchSize = options.MaxBatchSize;
        _pool = new JournalRequestPool(Math.Min(options.QueueCapacity, 4_096));
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
        _loop = Task.Run(RunAsync);
    }

    public WriterCounters Counters { get; }

    /// <summary>Whether the last write met a fault of the store (full, read-only, damaged).</summary>
    public StoreFaultMonitor Faults { get; }

    /// <summary>Writes waiting for the writer now.</summary>
    public int QueuedWrites => _queue.Reader.Count;

    /// <summary>
    /// Queues the entry; the task completes once the transaction holding it has committed, or fails with the
    /// storage exception of its write. <paramref name="cancellationToken"/> only stops waiting for queue space: a
    /// queued entry is always written.
    /// </summary>
    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var request = _pool.Rent(entry);
        return _queue.Writer.TryWrite(request) ? request.WhenCommittedAsync() : AppendSlowAsync(request, cancellationToken);
    }

    /// <summary>Queues a store write and returns its result once committed.</summary>
    public async Task<TResult> WriteAsync<TResult>(
        string description,
        Func<WriterSession, CancellationToken, ValueTask<TResult>> apply,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var request = new StoreWriteRequest<TResult>(description, apply);
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw Closed(description, exception);
        }

        return await request.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking writes, commits every write already queued, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _session.DisposeAsync().ConfigureAwait(false);
    }

    private static ObjectDisposedException Closed(string description, ChannelClosedException closed) =>
        new(closed.InnerException is { } stopped
            ? $"{description} failed: the store's writer stopped after an error: {stopped.Message}"
            : $"{description} failed: the store has been closed.",
            closed);

    private async ValueTask AppendSlowAsync(JournalWriteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            var description = request.Describe();
            request.Recycle();
            throw Closed(description, exception);
        }
        catch (OperationCanceledException)
        {
            request.Recycle();
            throw;
        }

        await request.WhenCommittedAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<WriteRequest>(Math.Min(_maxBatchSize, 1_024));
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatchSize && reader.TryRead(out var request))
                {
                    batch.Add(request);
                }

                // Empties the batch as it completes or fails each write.
                await CommitBatchAsync(batch).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // A bug in the loop must not leave appenders waiting forever: stop taking writes and fail the rest.
            Log.WriterStopped(_logger, exception);
            _queue.Writer.TryComplete(exception);
            while (reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            foreach (var request in batch)
            {
                Fail(request, exception, logEach: false);
            }
        }
    }

    /// <summary>
    /// Commits the batch, then completes its writes. When one write fails (a constraint, a missing run) it alone is
    /// failed and the rest are committed again without it; when the database is unreachable (a lost connection, a
    /// restart) the whole batch is tried again on a new connection for a few seconds; when the transaction itself
    /// fails otherwise (busy, contention, I/O) every write of the batch is failed, since none is written.
    /// </summary>
    private async ValueTask CommitBatchAsync(List<WriteRequest> batch)
    {
        var reconnects = 0;
        var batching = _dialect.JournalBatch is not null;
        while (batch.Count > 0)
        {
            var inBatchedRun = false;
            var failedIndex = -1;
            Exception failure;
            try
            {
                await _session.BeginAsync(CancellationToken.None).ConfigureAwait(false);
                failedIndex = 0;
                while (failedIndex < batch.Count)
                {
                    var next = batching ? JournalRunEnd(batch, failedIndex) : failedIndex + 1;
                    inBatchedRun = next - failedIndex > 1;
                    failedIndex = inBatchedRun
                        ? await ApplyJournalRunAsync(batch, failedIndex, next).ConfigureAwait(false)
                        : await ApplyOneAsync(batch, failedIndex).ConfigureAwait(false);
                }

                failedIndex = -1;
                if (_dialect.FindUnreportedFault() is { } fault)
                {
                    throw new StorageFaultException($"Committing {batch.Count} writes failed: the store cannot keep them: {fault}.", fault, new IOException(fault));
                }

                await _session.CommitAsync(CancellationToken.None).ConfigureAwait(false);

                // A commit that changed nothing (an update matching no row) proves nothing: SQLite then writes no
                // page. Journal entries always write; the readiness probe clears the fault itself.
                if (batch.Exists(request => request.IsJournalEntry))
                {
                    Faults.Clear();
                }

                CompleteAll(batch);
                return;
            }
            catch (Exception exception)
            {
                failure = exception;
                await _session.RollbackAsync().ConfigureAwait(false);
            }

            var kind = failure is StorageFaultException ? StorageErrorKind.Fault : _dialect.Classify(failure);
            if (inBatchedRun && !StorageErrors.IsTransient(kind))
            {
                // A batched run of entries failed without saying which entry: apply the batch again one write at a
                // time, which fails only the culprit.
                batching = false;
                continue;
            }

            if (kind == StorageErrorKind.Unavailable)
            {
                _dialect.ForgetIdleConnections();

                // A database restart takes a second or two: the batch waits for it on a new connection rather than
                // failing its runs, whose steps (already done) would otherwise run again after they resume.
                if (reconnects < MaxReconnects)
                {
                    await Task.Delay(FirstReconnectDelay * (1 << reconnects++)).ConfigureAwait(false);
                    continue;
                }
            }

            if (kind == StorageErrorKind.Fault)
            {
                // Logged once per change of state, not per batch: a full disk would otherwise log every write.
                Faults.Report(failure is StorageFaultException storeFault ? storeFault.Reason : _dialect.DescribeFault(failure));
            }
            else if (failedIndex < 0 || StorageErrors.IsTransient(kind))
            {
                Log.BatchFailed(_logger, batch.Count, failure);
            }

            if (failedIndex < 0 || StorageErrors.IsTransient(kind))
            {
                foreach (var request in batch)
                {
                    Fail(request, failure, logEach: false);
                }

                batch.Clear();
                return;
            }

            Fail(batch[failedIndex], failure, logEach: true);
            batch.RemoveAt(failedIndex);
        }
    }

    /// <summary>The end of the run of journal entries starting at <paramref name="index"/>.</summary>
    private static int JournalRunEnd(List<WriteRequest> batch, int index)
    {
        var end = index;
        // A run written whole is several statements: it goes on its own, not in a batched run of single rows.
        while (end < batch.Count && batch[end] is JournalWriteRequest { Entry: not ExecutionWritten })
        {
            end++;
        }

        return Math.Max(end, index + 1);
    }

    /// <summary>Writes the journal entries from <paramref name="start"/> to <paramref name="end"/> in one round trip.</summary>
    private async ValueTask<int> ApplyJournalRunAsync(List<WriteRequest> batch, int start, int end)
    {
        _journalRun.Clear();
        for (var i = start; i < end; i++)
        {
            _journalRun.Add(((JournalWriteRequest)batch[i]).Entry!);
        }

        await _dialect.JournalBatch!.WriteAsync(_session, _journalRun, CancellationToken.None).ConfigureAwait(false);
        return end;
    }

    private async ValueTask<int> ApplyOneAsync(List<WriteRequest> batch, int index)
    {
        await batch[index].ApplyAsync(_session, CancellationToken.None).ConfigureAwait(false);
        return index + 1;
    }

    private void CompleteAll(List<WriteRequest> batch)
    {
        var entries = 0;
        foreach (var request in batch)
        {
            entries += request.IsJournalEntry ? 1 : 0;
        }

        Counters.RecordCommit(entries, batch.Count - entries);
        foreach (var request in batch)
        {
            request.Complete();
        }

        batch.Clear();
    }

    private void Fail(WriteRequest request, Exception exception, bool logEach)
    {
        var description = request.Describe();
        var error = StorageErrors.Translate(_dialect, exception, description);
        if (logEach)
        {
            Log.WriteFailed(_logger, description, error);
        }

        Counters.RecordFailure();
        request.Fail(error);
    }
}
