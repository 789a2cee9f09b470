namespace Stepwise.Storage;

/// <summary>What the single writer has done since the store opened; read by tests and exported as metrics.</summary>
public sealed class WriterCounters
{
    private long entriesWritten;
    private long storeWritesCommitted;
    private long batchesCommitted;
    private long writesFailed;
    private long largestBatch;

    /// <summary>Journal entries committed.</summary>
    public long EntriesWritten => Volatile.Read(ref entriesWritten);

    /// <summary>Other committed writes: runs created, leases claimed, renewed or released, versions saved.</summary>
    public long StoreWritesCommitted => Volatile.Read(ref storeWritesCommitted);

    /// <summary>Transactions committed; each carries one or more writes.</summary>
    public long BatchesCommitted => Volatile.Read(ref batchesCommitted);

    /// <summary>Writes whose callers were handed an exception.</summary>
    public long WritesFailed => Volatile.Read(ref writesFailed);

    /// <summary>Most writes committed in one transaction.</summary>
    public long LargestBatch => Volatile.Read(ref largestBatch);

    internal void RecordCommit(int journalEntries, int storeWrites)
    {
        Interlocked.Add(ref entriesWritten, journalEntries);
        Interlocked.Add(ref storeWritesCommitted, storeWrites);
        Interlocked.Increment(ref batchesCommitted);
        var size = (long)journalEntries + storeWrites;
        var largest = Volatile.Read(ref largestBatch);
        while (size > largest)
        {
            var seen = Interlocked.CompareExchange(ref largestBatch, size, largest);
            if (seen == largest)
            {
                break;
            }

            largest = seen;
        }
    }

    internal void RecordFailure() => Interlocked.Increment(ref writesFailed);
}
