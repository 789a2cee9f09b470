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
/// <remarks>
/// An entry that ends a run appended while the writer is idle (nothing queued, nobody committing) is committed by
/// its appender, on its own thread, and its task is complete when <see cref="AppendAsync"/> returns: a group
/// commit's leader, with no hand-off to the loop and back. With SQLite that is the whole request on one thread (its API is
/// synchronous under the async one); with PostgreSQL the appender awaits its commit itself. Writes appended while
/// anyone commits are queued and committed by the loop as the next batch. Exactly one committer (the loop or a
/// leader) touches the session at a time: the one holding <see cref="_committer"/>.
/// </remarks>
internal sealed class StorageWriter : IExecutionJournal, IAsyncDisposable
{
    // 0.1 s doubling six times: a batch waits up to 6.3 s for the database to come back.
    private const int MaxReconnects = 6;

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<WriteRequest> _queue;

    // Held by whoever commits (the loop or a leader). Its count is the ownership flag, taken with an interlocked
    // compare-and-swap when free (Wait(0)); it also queues the loop when a leader holds it and hands it straight to
    // the loop on release, so a would-be leader cannot take it between a leader and the batch waiting behind it.
    private readonly SemaphoreSlim _committer = new(1, 1);

    // The leader's batch of one; only touched while holding _committer.
    private readonly List<WriteRequest> _leaderBatch = new(1);
    private readonly List<JournalEntry> _journalRun = [];
    private readonly WriterSession _session;
    private readonly SqlDialect _dialect;
    private readonly ILogger _logger;
    private readonly int _maxBatchSize;
    private readonly JournalRequestPool _pool;
    private readonly Task _loop;
    private int _disposed;

    // The error that stopped the writer (a bug in the loop or a leader), after which no write is taken.
    private Exception? _stoppedBy;

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
    /// Queues the entry (or commits it on the caller's thread when it ends a run and the writer is idle); the task
    /// completes once the transaction holding it has committed, or fails with the storage exception of its write. <paramref name="cancellationToken"/> only stops waiting for queue space: a
    /// queued entry is always written.
    /// </summary>
    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        var request = _pool.Rent(entry);
        if (MayLead(entry) && TryLead())
        {
            return CommitAsLeaderAsync(request);
        }

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

        // A leader that took the session before the close may still be committing; once it is done the session is
        // ours for good: the semaphore is never released again, so no leader follows.
        await _committer.WaitAsync().ConfigureAwait(false);
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

    /// <summary>
    /// Whether the entry's appender may commit it itself: only an entry that ends a run (the run written whole, or its
    /// final status), which comes at most once per run and whose caller waits for it (the run's answer). The engine
    /// appends a run's steps and logs without awaiting them: committed on its thread, a burst of log lines would be
    /// one commit and fsync each in a row, where the loop commits them in a few batches while the run goes on.
    /// </summary>
    private static bool MayLead(JournalEntry entry) =>
        entry is ExecutionWritten || (entry is ExecutionStatusWritten { Status: var status } && ExecutionRecord.IsFinal(status));

    /// <summary>
    /// Takes the session for the calling appender if the writer is idle: nobody commits and nothing is queued. A
    /// write queued before this append began is then either still in the channel (and seen here, so this write is
    /// queued behind it) or already committed, since the loop takes writes out of the channel only while holding the
    /// session and lets go only after their commit.
    /// </summary>
    private bool TryLead()
    {
        if (_queue.Reader.Count != 0 || !_committer.Wait(0))
        {
            return false;
        }

        // Checked again while holding the session: a write queued since must commit first, and the loop, which its
        // queueing woke, commits it once this appender lets go.
        if (_queue.Reader.Count == 0 && Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _stoppedBy) is null)
        {
            return true;
        }

        _committer.Release();
        return false;
    }

    /// <summary>
    /// Commits the leader's own write alone, on its thread, then lets go of the session. With a synchronous session
    /// (SQLite) the returned task is already complete, so its await goes on without a hop. Writes queued meanwhile are
    /// left to the loop: taking them here would make this caller wait for its neighbours' commit before it answers.
    /// </summary>
    private async ValueTask CommitAsLeaderAsync(JournalWriteRequest request)
    {
        try
        {
            _leaderBatch.Add(request);

            // Completes or fails the request and empties the batch.
            await CommitBatchAsync(_leaderBatch, byAppender: true).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // As in the loop: a bug here must not leave anyone waiting; the writer stops and fails what is queued.
            Stop(exception);
            foreach (var unfinished in _leaderBatch)
            {
                Fail(unfinished, exception, logEach: false);
            }

            _leaderBatch.Clear();
        }
        finally
        {
            _committer.Release();
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
                // A leader may be committing its own write: the batch waits for it, and is handed the session next.
                await _committer.WaitAsync().ConfigureAwait(false);
                try
                {
                    if (Volatile.Read(ref _stoppedBy) is not null)
                    {
                        // A leader met a bug and stopped the writer: what is queued is failed below, not written.
                        break;
                    }

                    while (batch.Count < _maxBatchSize && reader.TryRead(out var request))
                    {
                        batch.Add(request);
                    }

                    // Empties the batch as it completes or fails each write.
                    await CommitBatchAsync(batch, byAppender: false).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    // Stopped before the session is let go, so no leader commits after the bug.
                    Stop(exception);
                    throw;
                }
                finally
                {
                    _committer.Release();
                }
            }
        }
        catch (Exception exception)
        {
            // A bug in the loop must not leave appenders waiting forever: stop taking writes and fail the rest.
            Stop(exception);
        }

        if (Volatile.Read(ref _stoppedBy) is { } stopped)
        {
            while (reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            foreach (var request in batch)
            {
                Fail(request, stopped, logEach: false);
            }
        }
    }

    /// <summary>Stops taking writes after a bug in the loop or a leader; logged once.</summary>
    private void Stop(Exception exception)
    {
        if (Interlocked.CompareExchange(ref _stoppedBy, exception, null) is null)
        {
            Log.WriterStopped(_logger, exception);
            _queue.Writer.TryComplete(exception);
        }
    }

    /// <summary>
    /// Commits the batch, then completes its writes. When one write fails (a constraint, a missing run) it alone is
    /// failed and the rest are committed again without it; when the database is unreachable (a lost connection, a
    /// restart) the whole batch is tried again on a new connection for a few seconds; when the transaction itself
    /// fails otherwise (busy, contention, I/O) every write of the batch is failed, since none is written.
    /// </summary>
    private async ValueTask CommitBatchAsync(List<WriteRequest> batch, bool byAppender)
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

                CompleteAll(batch, byAppender);
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

    private void CompleteAll(List<WriteRequest> batch, bool byAppender)
    {
        var entries = 0;
        foreach (var request in batch)
        {
            entries += request.IsJournalEntry ? 1 : 0;
        }

        Counters.RecordCommit(entries, batch.Count - entries, byAppender);
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
