using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// The runs waiting for a free slot of this process, taken highest priority first, then oldest (created_at), then
/// in the order they were queued: the order <see cref="IExecutionStore.ListResumableAsync"/> returns them in, so a
/// run queued here and one found by the recovery poll are ordered alike. Thread-safe.
/// </summary>
internal sealed class RunQueue : IDisposable
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<QueuedRun, (int Priority, long CreatedAtMs, long Sequence)> _runs =
        new(Comparer<(int Priority, long CreatedAtMs, long Sequence)>.Create(static (a, b) =>
            b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority)
            : a.CreatedAtMs != b.CreatedAtMs ? a.CreatedAtMs.CompareTo(b.CreatedAtMs)
            : a.Sequence.CompareTo(b.Sequence)));

    private readonly SemaphoreSlim _available = new(0);
    private long _sequence;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _runs.Count;
            }
        }
    }

    public void Enqueue(QueuedRun run)
    {
        lock (_gate)
        {
            _runs.Enqueue(run, (run.Execution.Priority, run.Execution.CreatedAt.ToUnixTimeMilliseconds(), _sequence++));
        }

        _available.Release();
    }

    /// <summary>
    /// Waits until a run is queued and keeps it for the one caller of <see cref="TakeWaited"/> (a single consumer):
    /// the caller may then wait for a slot before choosing which run to take.
    /// </summary>
    public Task WaitForRunAsync(CancellationToken cancellationToken) => _available.WaitAsync(cancellationToken);

    /// <summary>Takes the first run in order at the moment of taking, not of arriving, after <see cref="WaitForRunAsync"/>.</summary>
    public QueuedRun TakeWaited()
    {
        lock (_gate)
        {
            return _runs.Dequeue();
        }
    }

    /// <summary>Waits for a run and takes the first in order at the moment of taking.</summary>
    public async Task<QueuedRun> DequeueAsync(CancellationToken cancellationToken)
    {
        await WaitForRunAsync(cancellationToken);
        return TakeWaited();
    }

    public void Dispose() => _available.Dispose();
}

/// <summary>
/// A run to execute here. <see cref="Workflow"/> is set when the host created the run a moment ago with its
/// definition in hand (a webhook, a schedule): the worker then runs it without reading it back from the store.
/// </summary>
/// <see cref="Attempt"/> counts the times it was queued again after the database went away under it.
/// <see cref="ClaimedAt"/> is set when the worker claimed it in a batch: the engine runs the claimed record as it is.
internal sealed record QueuedRun(
    ExecutionRecord Execution, ResolvedWorkflow? Workflow = null, int Attempt = 0, DateTimeOffset? ClaimedAt = null);
