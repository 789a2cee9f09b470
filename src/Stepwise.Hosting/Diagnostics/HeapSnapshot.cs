using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Stepwise.Hosting.Diagnostics;

/// <summary>
/// A snapshot of this process's managed heap as dotnet-gcdump takes one: an EventPipe session with the runtime's
/// heap-snapshot keywords makes the GC run a full blocking collection and describe every live object (its type,
/// size and references). The events are kept as a .nettrace (which <c>dotnet-gcdump convert</c> turns into a
/// .gcdump for Visual Studio and PerfView) and summed per type as they arrive.
/// </summary>
internal static class HeapSnapshot
{
    /// <summary>How long the collection and its description may take; a heap of a few GB takes seconds.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<HeapSummary> CaptureAsync(string nettracePath, int top, TimeProvider time, CancellationToken cancellationToken)
    {
        var providers = new[]
        {
            new EventPipeProvider(
                "Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GCHeapSnapshot),
        };
        var takenAt = time.GetUtcNow();
        var client = new DiagnosticsClient(Environment.ProcessId);
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, circularBufferMB: 256, cancellationToken)
            .ConfigureAwait(false);
        var tally = new Tally();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parsing = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    using var file = new FileStream(nettracePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
                    using var source = new EventPipeEventSource(new CopyingStream(session.EventStream, file));
                    tally.Attach(source, finished);
                    source.Process();
                }
                catch (Exception exception) when (exception is IOException or InvalidOperationException or FormatException)
                {
                    finished.TrySetException(exception);
                    throw;
                }

                // The stream ended: the session was stopped, or the runtime ended it before the collection finished.
                finished.TrySetException(new InvalidOperationException("the heap snapshot's events ended before its garbage collection did"));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await finished.Task.WaitAsync(Timeout, time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await parsing.ConfigureAwait(false);
        }

        return tally.Summarize(takenAt, top);
    }

    /// <summary>Counts the nodes of the one induced collection by type; type names arrive in their own events.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<ulong, string> _names = [];
        private readonly Dictionary<ulong, (long Count, long Bytes)> _byType = [];
        private int _collection = -1;
        private bool _done;

        public void Attach(EventPipeEventSource source, TaskCompletionSource finished)
        {
            source.Clr.GCStart += data =>
            {
                // The snapshot's collection: the first full blocking one after the session started.
                if (_collection < 0 && data.Depth == 2 && data.Type != GCType.BackgroundGC)
                {
                    _collection = data.Count;
                }
            };
            source.Clr.GCStop += data =>
            {
                if (_collection >= 0 && data.Count == _collection)
                {
                    _done = true;
                    finished.TrySetResult();
                }
            };
            source.Clr.TypeBulkType += data =>
            {
                for (var i = 0; i < data.Count; i++)
                {
                    var type = data.Values(i);
                    _names.TryAdd(type.TypeID, type.TypeName);
                }
            };
            source.Clr.GCBulkNode += data =>
            {
                if (_collection < 0 || _done)
                {
                    return;
                }

                for (var i = 0; i < data.Count; i++)
                {
                    var node = data.Values(i);
                    var (count, bytes) = _byType.GetValueOrDefault(node.TypeID);
                    _byType[node.TypeID] = (count + 1, bytes + (long)node.Size);
                }
            };
        }

        public HeapSummary Summarize(DateTimeOffset takenAt, int top)
        {
            var types = _byType
                .Select(pair => new HeapTypeStats(
                    _names.TryGetValue(pair.Key, out var name) && name.Length > 0 ? name : $"UNKNOWN 0x{pair.Key:x}",
                    pair.Value.Count,
                    pair.Value.Bytes))
                .OrderByDescending(type => type.Bytes)
                .ThenBy(type => type.Type, StringComparer.Ordinal)
                .ToList();
            return new HeapSummary(
                takenAt,
                Environment.ProcessId,
                types.Sum(type => type.Count),
                types.Sum(type => type.Bytes),
                types.Count,
                [.. types.Take(top)]);
        }
    }
}
