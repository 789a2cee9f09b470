using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Stacks;
using Microsoft.Diagnostics.Tracing.Stacks.Formats;

namespace Stepwise.Hosting.Diagnostics;

/// <summary>
/// Reads the stacks of a sampled .nettrace with TraceEvent, as dotnet-trace and dotnet-stack do: the whole profile
/// as speedscope JSON, or the first sample of each thread as a thread dump. Only managed frames: EventPipe does not
/// walk native ones (they show as one "[native frames]" line).
/// </summary>
internal static class TraceStacks
{
    private const string ThreadFramePrefix = "Thread (";

    /// <summary>Writes the profile of <paramref name="nettracePath"/> as speedscope JSON to <paramref name="outputPath"/>.</summary>
    public static void WriteSpeedscope(string nettracePath, string outputPath) =>
        WithStacks(nettracePath, stacks => SpeedScopeStackSourceWriter.WriteStackViewAsJson(stacks, outputPath));

    /// <summary>Every sampled thread's stack, innermost frame first, as text.</summary>
    public static string ThreadDump(string nettracePath, DateTimeOffset takenAt)
    {
        var text = new StringBuilder();
        WithStacks(nettracePath, stacks =>
        {
            var firstSample = new SortedDictionary<int, StackSourceCallStackIndex>();
            stacks.ForEach(sample =>
            {
                var (threadId, _) = ThreadOf(stacks, sample.StackIndex);
                firstSample.TryAdd(threadId, sample.StackIndex);
            });

            text.Append(CultureInfo.InvariantCulture, $"Managed threads of process {Environment.ProcessId} at {takenAt:u}: {firstSample.Count}\n\n");
            foreach (var (threadId, top) in firstSample)
            {
                text.Append(CultureInfo.InvariantCulture, $"Thread {threadId} (0x{threadId:x}):\n");
                for (var index = top; index != StackSourceCallStackIndex.Invalid; index = stacks.GetCallerIndex(index))
                {
                    var frame = stacks.GetFrameName(stacks.GetFrameIndex(index), false);
                    if (frame.StartsWith(ThreadFramePrefix, StringComparison.Ordinal))
                    {
                        break;
                    }

                    text.Append("    ").Append(frame.Replace("UNMANAGED_CODE_TIME", "[native frames]", StringComparison.Ordinal)).Append('\n');
                }

                text.Append('\n');
            }
        });
        return text.ToString();
    }

    private static (int ThreadId, StackSourceCallStackIndex Frame) ThreadOf(StackSource stacks, StackSourceCallStackIndex index)
    {
        for (var current = index; current != StackSourceCallStackIndex.Invalid; current = stacks.GetCallerIndex(current))
        {
            var name = stacks.GetFrameName(stacks.GetFrameIndex(current), false);
            if (name.StartsWith(ThreadFramePrefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(ThreadFramePrefix.Length, name.Length - ThreadFramePrefix.Length - 1),
                    NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                return (id, current);
            }
        }

        return (0, StackSourceCallStackIndex.Invalid);
    }

    private static void WithStacks(string nettracePath, Action<MutableTraceEventStackSource> use)
    {
        var etlxPath = Path.ChangeExtension(nettracePath, ".etlx");
        TraceLog.CreateFromEventPipeDataFile(nettracePath, etlxPath);
        try
        {
            // No symbol server: the trace's own rundown names every managed method.
            using var symbols = new SymbolReader(TextWriter.Null, string.Empty) { Options = SymbolReaderOptions.CacheOnly };
            using var log = new TraceLog(etlxPath);
            var stacks = new MutableTraceEventStackSource(log) { OnlyManagedCodeStacks = true };
            new SampleProfilerThreadTimeComputer(log, symbols).GenerateThreadTimeStacks(stacks);
            use(stacks);
        }
        finally
        {
            File.Delete(etlxPath);
        }
    }
}
