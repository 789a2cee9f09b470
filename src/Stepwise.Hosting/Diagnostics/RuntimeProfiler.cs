namespace Stepwise.Hosting.Diagnostics;

/// <summary>
/// Profiles of this process for <c>/debug/profile/*</c> and <c>/debug/threads</c>: a CPU profile, a heap snapshot
/// and a thread dump, each taken through the runtime's own diagnostic port (EventPipe). One at a time per process
/// (<see cref="TryBegin"/>): two sessions would each slow the process, and a second heap snapshot would only repeat
/// the first. Results are temporary files handed back as streams that delete them when closed.
/// </summary>
internal sealed class RuntimeProfiler(TimeProvider time, ILogger<RuntimeProfiler> logger)
{
    public const int MinSeconds = 1;
    public const int MaxSeconds = 60;
    public const int DefaultSeconds = 5;
    public const int DefaultTopTypes = 50;

    /// <summary>Long enough for the sampler (one sample per thread per millisecond) to see every thread.</summary>
    private static readonly TimeSpan ThreadDumpWindow = TimeSpan.FromMilliseconds(200);

    // Static: EventPipe sessions and heap snapshots belong to the process, not to one host in it.
    private static readonly Lock Gate = new();
    private static string? _running;

    /// <summary>The profile running now (cpu, heap, threads), or null.</summary>
    public string? Running
    {
        get
        {
            lock (Gate)
            {
                return _running;
            }
        }
    }

    /// <summary>
    /// Why no profile can be taken in this process (its diagnostic port is off: <c>DOTNET_EnableDiagnostics=0</c>),
    /// or null when it can.
    /// </summary>
    public static string? Unavailable()
    {
        foreach (var variable in new[] { "DOTNET_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics" })
        {
            if (Environment.GetEnvironmentVariable(variable) == "0")
            {
                return $"profiles need the .NET runtime's diagnostic port, which {variable}=0 turns off for this server; unset it and restart";
            }
        }

        return null;
    }

    /// <summary>The lease to run a profile of <paramref name="kind"/>, or null while another one runs.</summary>
    public ProfileLease? TryBegin(string kind)
    {
        lock (Gate)
        {
            if (_running is not null)
            {
                return null;
            }

            _running = kind;
        }

        return new ProfileLease(() =>
        {
            lock (Gate)
            {
                _running = null;
            }
        });
    }

    /// <summary>Samples every managed thread for <paramref name="duration"/>: the .nettrace, or speedscope JSON made from it.</summary>
    public async Task<Stream> CpuAsync(TimeSpan duration, bool speedscope, CancellationToken cancellationToken)
    {
        var trace = TempFile("cpu", ".nettrace");
        try
        {
            var started = time.GetTimestamp();
            await EventPipeRecorder.RecordAsync(EventPipeRecorder.SampleProviders, duration, trace, time, cancellationToken)
                .ConfigureAwait(false);
            if (!speedscope)
            {
                Taken("cpu", started);
                return OpenDeleting(trace);
            }

            var json = TempFile("cpu", ".speedscope.json");
            try
            {
                // Resolving the stacks is CPU work of its own: off the request's thread.
                await Task.Run(() => TraceStacks.WriteSpeedscope(trace, json), CancellationToken.None).ConfigureAwait(false);
                Taken("cpu", started);
                return OpenDeleting(json);
            }
            catch
            {
                File.Delete(json);
                throw;
            }
            finally
            {
                File.Delete(trace);
            }
        }
        catch
        {
            File.Delete(trace);
            throw;
        }
    }

    /// <summary>A heap snapshot: its summary, and the .nettrace of the snapshot's events (the caller disposes it).</summary>
    public async Task<(HeapSummary Summary, Stream Trace)> HeapAsync(int top, string? typeFilter, CancellationToken cancellationToken)
    {
        var trace = TempFile("heap", ".nettrace");
        try
        {
            var started = time.GetTimestamp();
            var summary = await HeapSnapshot.CaptureAsync(trace, top, typeFilter, time, cancellationToken).ConfigureAwait(false);
            Taken("heap", started);
            return (summary, OpenDeleting(trace));
        }
        catch
        {
            File.Delete(trace);
            throw;
        }
    }

    /// <summary>The stack of every managed thread, innermost frame first.</summary>
    public async Task<string> ThreadsAsync(CancellationToken cancellationToken)
    {
        var trace = TempFile("threads", ".nettrace");
        try
        {
            var takenAt = time.GetUtcNow();
            var started = time.GetTimestamp();
            await EventPipeRecorder.RecordAsync(EventPipeRecorder.SampleProviders, ThreadDumpWindow, trace, time, cancellationToken)
                .ConfigureAwait(false);
            var dump = await Task.Run(() => TraceStacks.ThreadDump(trace, takenAt), CancellationToken.None).ConfigureAwait(false);
            Taken("threads", started);
            return dump;
        }
        finally
        {
            File.Delete(trace);
        }
    }

    /// <summary>The time in a profile's file name: yyyyMMddTHHmmssZ.</summary>
    public string Stamp() => time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private void Taken(string kind, long started) =>
        Log.ProfileTaken(logger, kind, (long)time.GetElapsedTime(started).TotalMilliseconds);

    private static string TempFile(string kind, string extension) =>
        Path.Combine(Path.GetTempPath(), $"stepwise-{kind}-{Environment.ProcessId}-{Guid.NewGuid():n}{extension}");

    private static FileStream OpenDeleting(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
