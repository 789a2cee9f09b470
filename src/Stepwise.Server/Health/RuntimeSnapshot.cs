using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Stepwise.Server.Health;

/// <summary>
/// The process's runtime counters: memory and GC, the thread pool, and the machine, for /health/detailed,
/// /debug/runtime and the diagnostics bundle.
/// </summary>
internal sealed record RuntimeSnapshot(
    string Runtime,
    string Os,
    string Architecture,
    int ProcessorCount,
    int ProcessId,
    long WorkingSetBytes,
    long PrivateBytes,
    double CpuTimeSeconds,
    double UptimeSeconds,
    int HandleCount,
    long GcHeapBytes,
    long GcTotalAllocatedBytes,
    long GcCommittedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double GcPauseTimePercent,
    int ThreadPoolThreads,
    long ThreadPoolPendingWorkItems,
    long ThreadPoolCompletedWorkItems,
    long LockContentions,
    int Threads)
{
    public static RuntimeSnapshot Capture(TimeProvider time)
    {
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return new RuntimeSnapshot(
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            Environment.ProcessorCount,
            Environment.ProcessId,
            process.WorkingSet64,
            process.PrivateMemorySize64,
            Math.Round(process.TotalProcessorTime.TotalSeconds, 3),
            Math.Round(HealthService.Uptime(time).TotalSeconds, 1),
            process.HandleCount,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(precise: false),
            gc.TotalCommittedBytes,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            Math.Round(gc.PauseTimePercentage, 3),
            ThreadPool.ThreadCount,
            ThreadPool.PendingWorkItemCount,
            ThreadPool.CompletedWorkItemCount,
            Monitor.LockContentionCount,
            process.Threads.Count);
    }
}
