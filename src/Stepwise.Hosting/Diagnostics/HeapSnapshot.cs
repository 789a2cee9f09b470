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

    /// <summary>The smallest and largest session buffer, in MB; dotnet-gcdump's default is the smallest.</summary>
    private const int MinBufferMB = 256;
    private const int MaxBufferMB = 4096;

    /// <param name="typeFilter">Only types whose name holds this text (any case) are listed; null lists all.</param>
    /// <param name="bufferMB">The session buffer; null sizes it by the heap (<see cref="BufferMB"/>).</param>
    public static async Task<HeapSummary> CaptureAsync(
        string nettracePath, int top, string? typeFilter, TimeProvider time, CancellationToken cancellationToken, int? bufferMB = null)
    {
        var providers = new[]
        {
            new EventPipeProvider(
                "Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GCHeapSnapshot),
        };
        var takenAt = time.GetUtcNow();
        var fullCollectionsBefore = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        var buffer = bufferMB ?? BufferMB(GC.GetGCMemoryInfo().HeapSizeBytes);
        var client = new DiagnosticsClient(Environment.ProcessId);
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, buffer, cancellationToken)
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
                    tally.EventsLost = source.EventsLost;
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
            var first = await Task.WhenAny(finished.Task, CollectionEndedAsync(fullCollectionsBefore, time, cancellationToken))
                .WaitAsync(Timeout, time, cancellationToken).ConfigureAwait(false);
            if (first != finished.Task)
            {
                await DrainAsync(tally, finished.Task, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await parsing.ConfigureAwait(false);
        }

        if (tally.EventsLost > 0)
        {
            throw new HeapSnapshotIncompleteException(
                $"the heap snapshot lost {tally.EventsLost} of its events: describing a heap of " +
                $"{GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024)} MB outgrew the {buffer} MB session buffer while the " +
                $"collection held every thread of this process; take it from outside with dotnet-gcdump collect -p {Environment.ProcessId}");
        }

        // Faulted when the events ended before the collection's did, or could not be read.
        await finished.Task.ConfigureAwait(false);
        return tally.Summarize(takenAt, top, typeFilter);
    }

    /// <summary>How often to look whether the collection has ended, and how long the reader may find nothing new.</summary>
    private static readonly TimeSpan CollectionPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ends when a full blocking collection has run since <paramref name="before"/>: the snapshot's. Its end is also
    /// an event, but one a full buffer drops, and the wait must not hang on it.
    /// </summary>
    private static async Task CollectionEndedAsync(long before, TimeProvider time, CancellationToken cancellationToken)
    {
        while (GC.GetGCMemoryInfo(GCKind.FullBlocking).Index <= before)
        {
            await Task.Delay(CollectionPoll, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The collection is over; its description is still in the session's buffer. Reads on while events keep coming
    /// and the collection's end has not been read.
    /// </summary>
    private static async Task DrainAsync(Tally tally, Task finished, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!finished.IsCompleted)
        {
            var seen = tally.Events;
            await Task.WhenAny(finished, Task.Delay(DrainQuiet, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (tally.Events == seen)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The session buffer for a heap of <paramref name="heapBytes"/>. The whole description must fit: the collection
    /// suspends every managed thread, this process's reader among them, until it has described the last object, at
    /// some 32 bytes per object and 12 per reference, about the heap's own size again. The buffer grows only as
    /// events arrive, so a small heap costs no more than the events it makes.
    /// </summary>
    internal static int BufferMB(long heapBytes) =>
        (int)Math.Clamp(heapBytes / (1024 * 1024) * 2, MinBufferMB, MaxBufferMB);

    /// <summary>Counts the nodes of the one induced collection by type; type names arrive in their own events.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<ulong, string> _names = [];
        private readonly Dictionary<ulong, (long Count, long Bytes)> _byType = [];
        private int _collection = -1;
        private bool _done;

        private long _events;

        /// <summary>Events the session dropped; a snapshot missing any is not the heap.</summary>
        public int EventsLost { get; set; }

        /// <summary>Events read so far, of any kind.</summary>
        public long Events => Interlocked.Read(ref _events);

        public void Attach(EventPipeEventSource source, TaskCompletionSource finished)
        {
            source.AllEvents += _ => Interlocked.Increment(ref _events);
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

        public HeapSummary Summarize(DateTimeOffset takenAt, int top, string? typeFilter)
        {
            var types = _byType
                .Select(pair => new HeapTypeStats(
                    _names.TryGetValue(pair.Key, out var name) && name.Length > 0 ? name : $"UNKNOWN 0x{pair.Key:x}",
                    pair.Value.Count,
                    pair.Value.Bytes))
                .ToList();
            var listed = types
                .Where(type => typeFilter is null || type.Type.Contains(typeFilter, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(type => type.Bytes)
                .ThenBy(type => type.Type, StringComparer.Ordinal)
                .Take(top);
            return new HeapSummary(
                takenAt,
                Environment.ProcessId,
                types.Sum(type => type.Count),
                types.Sum(type => type.Bytes),
                types.Count,
                typeFilter,
                [.. listed]);
        }
    }
}
