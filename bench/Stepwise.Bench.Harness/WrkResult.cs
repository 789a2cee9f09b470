namespace Stepwise.Bench.Harness;

/// <summary>What one wrk run measured: throughput, latency in milliseconds, and failed requests.</summary>
internal sealed record WrkResult(double Rps, double MeanMs, double P50Ms, double P99Ms, long Requests, long Errors);
