using System.Collections.Concurrent;

namespace Stepwise.Server.Executions.Events;

/// <summary>
/// Counts the event streams each caller (organization + key id or user) holds open on this node, so one client
/// cannot tie up the node with streams. Per node on purpose: a stream lives on the node that serves it, and a node
/// that dies takes its streams (and their counts) with it, so nothing needs sharing.
/// </summary>
internal sealed class StreamSlots(EventStreamOptions options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a slot, or returns null with the number already open when the caller has none left.</summary>
    public IDisposable? TryTake(string caller, out int count)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(caller);
            count = current;
            if (current >= options.MaxPerCaller)
            {
                return null;
            }

            var updated = current == 0 ? _open.TryAdd(caller, 1) : _open.TryUpdate(caller, current + 1, current);
            if (updated)
            {
                count = current + 1;
                return new Slot(this, caller);
            }
        }
    }

    private void Release(string caller)
    {
        while (true)
        {
            var current = _open.GetValueOrDefault(caller);
            if (current <= 1)
            {
                if (_open.TryRemove(new KeyValuePair<string, int>(caller, current)) || current == 0)
                {
                    return;
                }
            }
            else if (_open.TryUpdate(caller, current - 1, current))
            {
                return;
            }
        }
    }

    private sealed class Slot(StreamSlots owner, string caller) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(caller);
            }
        }
    }
}
