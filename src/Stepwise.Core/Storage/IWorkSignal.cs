namespace Stepwise.Core.Storage;

/// <summary>
/// Wakes idle workers when new work is stored, so a new run starts at once instead of at the next poll. A signal
/// raised while nobody waits is kept for the next <see cref="WaitAsync"/>, so a worker that found nothing to claim
/// and then waits never misses a run stored in between. Signals may be spurious (a woken worker may find nothing);
/// workers still poll now and then, since a signal is a hint and not a delivery guarantee.
/// </summary>
public interface IWorkSignal
{
    /// <summary>Completes when work may have been stored since the previous wait returned.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken = default);
}
