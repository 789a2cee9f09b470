using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The journal as one run uses it. Appends on the hot path are not awaited (the journal keeps their order); a write
/// that fails is remembered and surfaces when the run commits its final state, which is awaited.
/// </summary>
/// <remarks>
/// A run created unwritten (<see cref="UnwrittenRun"/>) is held here instead: its entries stay in memory and the run
/// is written whole, as one <see cref="ExecutionWritten"/> (its final row, steps and logs in one record, one
/// commit), when it ends. Nobody has been told of such a run, and its caller is answered only after that commit, so a
/// crash before it loses nothing anyone saw. Anything that must be durable first ends the holding, writing the run as
/// it stands: a step's recorded start (a step that talks to the outside world), a failed or retried attempt, the
/// moment <see cref="UnwrittenRun.WriteBy"/> has passed, or an explicit <see cref="WriteHeld"/>.
/// </remarks>
internal sealed class RunJournal(
    IExecutionJournal journal, SecretRedactor redactor, UnwrittenRun? unwritten = null, TimeProvider? time = null, int expectedEntries = 0)
{
    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];

    // Sized for the run's entries when it is held (a status and a step per node, roughly), so the list is not
    // regrown two or three times per run.
    private readonly List<JournalEntry> _held = new(unwritten is null ? 0 : expectedEntries);
    private UnwrittenRun? _unwritten = unwritten;
    private Exception? _fault;

    /// <summary>The run has not been written yet: its entries are held.</summary>
    public bool IsHolding
    {
        get
        {
            lock (_gate)
            {
                return _unwritten is not null;
            }
        }
    }

    /// <summary>
    /// The failure of a write so far, as <see cref="FlushAsync"/> would throw it; null while none failed. Appends are
    /// not awaited, so this sees only the writes that have already come back.
    /// </summary>
    public Exception? Fault => Volatile.Read(ref _fault) is { } fault ? Failed(fault) : null;

    /// <summary>A write has failed so far (see <see cref="Fault"/>).</summary>
    public bool HasFault => Volatile.Read(ref _fault) is not null;

    public void Append(JournalEntry entry)
    {
        var redacted = redactor.Redact(entry);
        lock (_gate)
        {
            if (_unwritten is { } run)
            {
                if (CanHold(run, redacted))
                {
                    _held.Add(redacted);
                    return;
                }

                WriteHeldLocked();
            }
        }

        AppendNow(redacted);
    }

    /// <summary>Appends the entry and waits until it and everything before it is durable.</summary>
    public async Task CommitAsync(JournalEntry entry)
    {
        // A run whose journal lost a write is not recorded as finished over the hole: it stays resumable and runs
        // again from what the journal holds once the store answers (issue 21, item 7).
        if (Volatile.Read(ref _fault) is { } earlier)
        {
            await FlushAsync().ConfigureAwait(false);
            throw Failed(earlier);
        }

        var redacted = redactor.Redact(entry);
        ValueTask whole = default;
        var wasHeld = false;
        lock (_gate)
        {
            if (_unwritten is { } run)
            {
                // The run ends as it started, in memory: written once, whole, with its final state. Appended under the
                // lock, as every append of a held run is, so an entry appended after this (a step still finishing as
                // the run times out) is queued behind the run it belongs to.
                _held.Add(redacted);
                whole = AppendWholeAsync(Whole(run));
                _held.Clear();
                _unwritten = null;
                wasHeld = true;
            }
        }

        if (!wasHeld)
        {
            await journal.AppendAsync(redacted).ConfigureAwait(false);
            await FlushAsync().ConfigureAwait(false);
            return;
        }

        // A held run's one write is awaited directly: nothing of the run was appended before it (a held run appends
        // nothing), so there is no other write to wait for, and no observer task or list of pending writes to make.
        // It fails as FlushAsync would have.
        try
        {
            await whole.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Remember(exception);
            throw Failed(exception);
        }
    }

    /// <summary>Starts the held run's one write; a journal that throws instead of failing its task fails it the same way.</summary>
    private ValueTask AppendWholeAsync(ExecutionWritten whole)
    {
        try
        {
            return journal.AppendAsync(whole);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return ValueTask.FromException(exception);
        }
    }

    /// <summary>Waits until everything appended so far is durable (writing a held run first).</summary>
    public async Task FlushAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            if (_unwritten is not null)
            {
                WriteHeldLocked();
            }

            if (_inFlight.Count == 0)
            {
                pending = [];
            }
            else
            {
                pending = [.. _inFlight];
                _inFlight.Clear();
            }
        }

        if (pending.Length > 0)
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _fault) is { } fault)
        {
            throw Failed(fault);
        }
    }

    /// <summary>Writes a held run as it stands (not awaited); from here on its entries go to the journal one by one.</summary>
    public void WriteHeld()
    {
        lock (_gate)
        {
            if (_unwritten is not null)
            {
                WriteHeldLocked();
            }
        }
    }

    private bool CanHold(UnwrittenRun run, JournalEntry entry) =>
        (time ?? TimeProvider.System).GetUtcNow() <= run.WriteBy
        && entry switch
        {
            // A recorded start must be durable before the step acts; a failure or a retry may wait a long time.
            StepWritten step => step.Step.Status is StepStatus.Succeeded or StepStatus.Skipped,
            ExecutionStatusWritten status => status.Status == ExecutionStatus.Running,
            LogWritten => true,
            _ => false,
        };

    private void WriteHeldLocked()
    {
        AppendNow(Whole(_unwritten!));
        _held.Clear();
        _unwritten = null;
    }

    /// <summary>The run's row with every held status change applied, and its held steps (last write of each attempt) and logs.</summary>
    private ExecutionWritten Whole(UnwrittenRun run)
    {
        var execution = run.Execution;
        var steps = new List<StepRecord>(_held.Count);
        var logs = new List<ExecutionLogRecord>();
        ExecutionStatusWritten? last = null;
        var startedAt = execution.StartedAt;
        foreach (var entry in _held)
        {
            switch (entry)
            {
                case ExecutionStatusWritten status:
                    // As the stores apply a status change (ExecutionState.WriteStatus, UpdateStatusStatement): the last
                    // one sets status, output, error and finished_at; the first that is not pending sets started_at.
                    // Applied once at the end, so the record is copied once, not twice per change.
                    startedAt ??= status.Status == ExecutionStatus.Pending ? null : status.At;
                    last = status;
                    break;
                case StepWritten written:
                    var index = IndexOfAttempt(steps, written.Step);
                    if (index >= 0)
                    {
                        steps[index] = written.Step;
                    }
                    else
                    {
                        steps.Add(written.Step);
                    }

                    break;
                case LogWritten log:
                    logs.Add(log.Line);
                    break;
            }
        }

        if (last is not null)
        {
            execution = execution with
            {
                Status = last.Status,
                Output = last.Output,
                Error = last.Error,
                StartedAt = startedAt,
                FinishedAt = ExecutionRecord.IsFinal(last.Status) ? last.At : null,
            };
        }

        return execution.IsFinished
            ? new ExecutionWritten(execution, steps, logs, null, null) { StartAudit = run.StartAudit }
            : new ExecutionWritten(execution, steps, logs, run.LeaseOwner, run.LeaseUntil) { StartAudit = run.StartAudit };
    }

    // A loop, not FindIndex with a lambda: that made a closure and a delegate per step of every run written whole.
    private static int IndexOfAttempt(List<StepRecord> steps, StepRecord step)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i].Attempt == step.Attempt && string.Equals(steps[i].StepId, step.StepId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private void AppendNow(JournalEntry entry)
    {
        ValueTask write;
        try
        {
            write = journal.AppendAsync(entry);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Remember(exception);
            return;
        }

        if (write.IsCompletedSuccessfully)
        {
            write.GetAwaiter().GetResult();
            return;
        }

        var observed = ObserveAsync(write);
        lock (_gate)
        {
            if (_inFlight.Count >= 256)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
            }

            _inFlight.Add(observed);
        }
    }

    private async Task ObserveAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Remember(exception);
        }
    }

    /// <summary>
    /// A store that was away or could not keep the entries (full, read-only, damaged) keeps its kind, so the host runs
    /// the run again from what was journaled once the store answers instead of treating it as crashed; anything else
    /// is a bug.
    /// </summary>
    private static Exception Failed(Exception fault)
    {
        var message = $"The journal failed to record the run: {fault.Message}";
        return fault switch
        {
            StorageFaultException storeFault => new StorageFaultException(message, storeFault.Reason, storeFault),
            StorageBusyException => new StorageBusyException(message, fault),
            StorageException => new StorageException(message, fault),
            _ => new InvalidOperationException(message, fault),
        };
    }

    private void Remember(Exception exception) => Interlocked.CompareExchange(ref _fault, exception, null);
}
