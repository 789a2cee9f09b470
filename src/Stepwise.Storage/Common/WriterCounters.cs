namespace Stepwise.Storage;

/// <summary>What the single writer has done since the store opened; read by tests and exported as metrics.</summary>
public sealed class WriterCounters
{
    private long _entriesWritten;
    private long _storeWritesCommitted;
    private long _batchesCommitted;
    private long _commitsByAppenders;
    private long _writesFailed;
    private long _largestBatch;

    /// <summary>Journal entries committed.</summary>
    public long EntriesWritten => Volatile.Read(ref _entriesWritten);

    /// <summary>Other committed writes: runs created, leases claimed, renewed or released, versions saved.</summary>
    public long StoreWritesCommitted => Volatile.Read(ref _storeWritesCommitted);

    /// <summary>Transactions committed; each carries one or more writes.</summary>
    public long BatchesCommitted => Volatile.Read(ref _batchesCommitted);

    /// <summary>
    /// Of <see cref="BatchesCommitted"/>, those an appender committed itself, on its own thread, having found the
    /// writer idle (a lone journal entry, not handed to the writer's loop).
    /// </summary>
    public long CommitsByAppenders => Volatile.Read(ref _commitsByAppenders);

    /// <summary>Writes whose callers were handed an exception.</summary>
    public long WritesFailed => Volatile.Read(ref _writesFailed);

    /// <summary>Most writes committed in one transaction.</summary>
    public long LargestBatch => Volatile.Read(ref _largestBatch);

    internal void RecordCommit(int journalEntries, int storeWrites, bool byAppender)
    {
        if (byAppender)
        {
            Interlocked.Increment(ref _commitsByAppenders);
        }

        Interlocked.Add(ref _entriesWritten, journalEntries);
        Interlocked.Add(ref _storeWritesCommitted, storeWrites);
        Interlocked.Increment(ref _batchesCommitted);
        var size = (long)journalEntries + storeWrites;
        var largest = Volatile.Read(ref _largestBatch);
        while (size > largest)
        {
            var seen = Interlocked.CompareExchange(ref _largestBatch, size, largest);
            if (seen == largest)
            {
                break;
            }

            largest = seen;
        }
    }

    internal void RecordFailure() => Interlocked.Increment(ref _writesFailed);
}
