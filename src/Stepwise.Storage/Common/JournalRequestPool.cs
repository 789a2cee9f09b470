using System.Collections.Concurrent;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>A bounded pool of <see cref="JournalWriteRequest"/>; beyond its size, returned requests are dropped.</summary>
internal sealed class JournalRequestPool
{
    private readonly ConcurrentQueue<JournalWriteRequest> _free = new();
    private readonly int _maxSize;
    private int _count;

    public JournalRequestPool(int maxSize)
    {
        _maxSize = maxSize;
    }

    public JournalWriteRequest Rent(JournalEntry entry)
    {
        if (_free.TryDequeue(out var request))
        {
            Interlocked.Decrement(ref _count);
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
        if (Interlocked.Increment(ref _count) <= _maxSize)
        {
            _free.Enqueue(request);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
