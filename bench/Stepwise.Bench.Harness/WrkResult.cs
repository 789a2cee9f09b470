namespace Stepwise.Bench.Harness;

/// <summary>What one wrk run measured: throughput, latency in milliseconds, failed requests, the server's CPU.</summary>
internal sealed record WrkResult(double Rps, double MeanMs, double P50Ms, double P99Ms, long Requests, long Errors)
{
    /// <summary>CPU time the server used per request during the run, in microseconds.</summary>
    public double CpuUsPerRequest { get; init; }
}
