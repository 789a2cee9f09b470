using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The journal as one run uses it. Appends on the hot path are not awaited (the journal keeps their order); a write
/// that fails is remembered and surfaces when the run commits its final state, which is awaited.
/// </summary>
internal sealed class RunJournal(IExecutionJournal journal, SecretRedactor redactor)
{
    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];
    private Exception? _fault;

    public void Append(JournalEntry entry)
    {
        ValueTask write;
        try
        {
            write = journal.AppendAsync(redactor.Redact(entry));
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

    /// <summary>Appends the entry and waits until it and everything before it is durable.</summary>
    public async Task CommitAsync(JournalEntry entry)
    {
        await journal.AppendAsync(redactor.Redact(entry)).ConfigureAwait(false);
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight];
            _inFlight.Clear();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        ThrowIfFaulted();
    }

    /// <summary>Waits until everything appended so far is durable.</summary>
    public async Task FlushAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight];
            _inFlight.Clear();
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        ThrowIfFaulted();
    }

    /// <summary>
    /// A store that could not keep the run's entries (full, read-only, unreachable) stays a storage failure, so the
    /// host runs the run again once the store keeps writes; anything else is a bug.
    /// </summary>
    private void ThrowIfFaulted()
    {
        if (Volatile.Read(ref _fault) is { } fault)
        {
            throw Failed(fault);
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
