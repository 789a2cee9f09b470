namespace Stepwise.Core.Storage;

/// <summary>
/// The write side of run state. Entries are applied in the order appended; implementations batch many entries of
/// many runs into one transaction (group commit). The returned task completes when the entry is durable, so the
/// engine awaits it only where durability must precede what follows (a run's final state before anyone is told).
/// </summary>
public interface IExecutionJournal
{
    ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default);
}
