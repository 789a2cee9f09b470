using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Writes several journal entries of a batch in one round trip to the database, where the dialect can (PostgreSQL's
/// NpgsqlBatch); without it the writer executes them one by one.
/// </summary>
internal interface IJournalBatchWriter
{
    /// <summary>
    /// Applies <paramref name="entries"/> in order within the session's transaction; throws when any fails, without
    /// saying which (the writer then applies the batch again one write at a time to find it).
    /// </summary>
    ValueTask WriteAsync(WriterSession session, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken);
}
