using System.Collections.Concurrent;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>A bounded pool of <see cref="JournalWriteRequest"/>; beyond its size, returned requests are dropped.</summary>
internal sealed class JournalRequestPool
{
    private readonly ConcurrentQueue<JournalWriteRequest> free = new();
    private readonly int maxSize;
    private int count;

    public JournalRequestPool(int maxSize)
    {
        this.maxSize = maxSize;
    }

    public JournalWriteRequest Rent(JournalEntry entry)
    {
        if (free.TryDequeue(out var request))
        {
            Interlocked.Decrement(ref count);
        }
        else
        {
            request = new JournalWriteRequest(this);
        }

        request.Entry = entry;
        return request;
    }

    public void Return(JournalWriteRequest request)
    {
        if (Interlocked.Increment(ref count) <= maxSize)
        {
            free.Enqueue(request);
        }
        else
        {
            Interlocked.Decrement(ref count);
        }
    }
}
