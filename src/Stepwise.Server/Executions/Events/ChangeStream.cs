using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace Stepwise.Server.Executions.Events;

/// <summary>
/// Server-Sent Events from polling the store: the snapshot (JSON) is read every poll and sent only when it differs
/// from the last one sent. Reading the store rather than this node's memory is what makes a stream right whichever
/// node runs the execution. Each event's id counts up from 1; a <c>heartbeat</c> event follows a quiet spell; the
/// stream ends after the maximum duration (the client reconnects), when the snapshot is gone (<c>gone</c>), when
/// the client leaves, or when the server stops (so open streams never hold up a graceful shutdown).
/// </summary>
internal static class ChangeStream
{
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    public static async IAsyncEnumerable<SseItem<string>> WatchAsync(
        string eventType,
        Func<CancellationToken, Task<string?>> snapshot,
        TimeSpan poll,
        EventStreamOptions options,
        TimeProvider time,
        IDisposable slot,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using (slot)
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping))
        {
            var cancellationToken = linked.Token;
            var started = time.GetUtcNow();
            var lastSentAt = started;
            string? last = null;
            long sequence = 0;
            while (!cancellationToken.IsCancellationRequested && time.GetUtcNow() - started < options.MaxDuration)
            {
                var (read, current) = await ReadAsync(snapshot, cancellationToken);
                if (!read)
                {
                    yield break;
                }

                if (current is null)
                {
                    yield return new SseItem<string>("{}", "gone") { EventId = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                    yield break;
                }

                if (!string.Equals(current, last, StringComparison.Ordinal))
                {
                    last = current;
                    lastSentAt = time.GetUtcNow();
                    yield return new SseItem<string>(current, eventType)
                    {
                        EventId = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ReconnectionInterval = Reconnect,
                    };
                }
                else if (time.GetUtcNow() - lastSentAt >= options.Heartbeat)
                {
                    lastSentAt = time.GetUtcNow();
                    yield return new SseItem<string>("{}", "heartbeat");
                }

                if (!await WaitAsync(poll, time, cancellationToken))
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>The snapshot, or false when the client left while it was being read.</summary>
    private static async Task<(bool Read, string? Snapshot)> ReadAsync(
        Func<CancellationToken, Task<string?>> snapshot, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await snapshot(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (false, null);
        }
    }

    private static async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
