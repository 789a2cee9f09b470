using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Stepwise.Hosting.Diagnostics;

/// <summary>
/// Records an EventPipe trace of this very process into a .nettrace file, through the runtime's diagnostic port
/// (<see cref="DiagnosticsClient"/>), as dotnet-trace does from outside. The runtime streams the events from its own
/// native thread; the copy to the file is asynchronous, so a recording holds no request thread while it runs.
/// </summary>
internal static class EventPipeRecorder
{
    /// <summary>CPU samples of every managed thread (about one per millisecond), and the method names to resolve them.</summary>
    public static IReadOnlyList<EventPipeProvider> SampleProviders { get; } =
    [
        new("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),

        // Loader and JIT events name the methods of the samples' addresses (with the rundown at the end).
        new("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)(ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Jit)),
    ];

    /// <summary>Runs the session for <paramref name="duration"/> (or until cancelled) and writes it to <paramref name="path"/>.</summary>
    public static async Task RecordAsync(
        IReadOnlyList<EventPipeProvider> providers, TimeSpan duration, string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(Environment.ProcessId);
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: true, circularBufferMB: 256, cancellationToken)
            .ConfigureAwait(false);
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);

        // The copy ends when the session is stopped and the rundown is written.
        var copy = session.EventStream.CopyToAsync(file, CancellationToken.None);
        try
        {
            await Task.Delay(duration, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller went away: stop early; the partial trace is deleted by the caller.
        }

        await session.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await copy.ConfigureAwait(false);
    }
}
