namespace Stepwise.Bench.Harness;

/// <summary>
/// Runs an HTTP scenario with wrk against Stepwise's webhook and the same path of the two baselines (bare, and the
/// durable limit), alternating run by run in the same harness run so that all three see the same machine load; each
/// is warmed up first (JIT, tiered compilation, SQLite pages).
/// </summary>
internal sealed class HttpScenarios(HarnessOptions options, StepwiseInstance server, ChildProcess baseline, ChildProcess durable)
{
    private readonly Wrk _wrk = new(options.WrkScript);

    public async Task<HttpMeasurement> MeasureAsync(HttpScenario scenario, List<double>? rssSamples = null)
    {
        Console.WriteLine($"-- {scenario.Key}: POST {scenario.Path} at concurrency {scenario.Connections}");
        await _wrk.RunAsync(server.Process.BaseUrl + scenario.Path, scenario.Connections, options.WarmupSeconds, scenario.Body)
            .ConfigureAwait(false);
        await _wrk.RunAsync(baseline.BaseUrl + scenario.Path, scenario.Connections, options.WarmupSeconds, scenario.Body)
            .ConfigureAwait(false);
        await _wrk.RunAsync(durable.BaseUrl + scenario.Path, scenario.Connections, options.WarmupSeconds, scenario.Body)
            .ConfigureAwait(false);
        var ours = new List<WrkResult>();
        var bare = new List<WrkResult>();
        var limit = new List<WrkResult>();
        for (var run = 0; run < options.Runs; run++)
        {
            using var sampling = new CancellationTokenSource();
            var sampler = rssSamples is null ? Task.CompletedTask : SampleRssAsync(rssSamples, sampling.Token);
            ours.Add(await MeasuredAsync(server.Process, scenario).ConfigureAwait(false));
            await sampling.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            bare.Add(await MeasuredAsync(baseline, scenario).ConfigureAwait(false));
            limit.Add(await MeasuredAsync(durable, scenario).ConfigureAwait(false));
            Console.WriteLine(
                $"   run {run + 1}: stepwise {ours[^1].Rps:F0} req/s p50 {ours[^1].P50Ms:F2} ms p99 {ours[^1].P99Ms:F2} ms" +
                $" cpu {ours[^1].CpuUsPerRequest:F0} us/req | baseline {bare[^1].Rps:F0} req/s p50 {bare[^1].P50Ms:F2} ms" +
                $" cpu {bare[^1].CpuUsPerRequest:F0} us/req | durable {limit[^1].Rps:F0} req/s p50 {limit[^1].P50Ms:F2} ms" +
                $" p99 {limit[^1].P99Ms:F2} ms cpu {limit[^1].CpuUsPerRequest:F0} us/req" +
                $" | errors {ours[^1].Errors + bare[^1].Errors + limit[^1].Errors}");
        }

        return new HttpMeasurement(ours, bare, limit);
    }

    private async Task<WrkResult> MeasuredAsync(ChildProcess target, HttpScenario scenario)
    {
        var cpuBefore = target.CpuSeconds();
        var result = await _wrk.RunAsync(target.BaseUrl + scenario.Path, scenario.Connections, options.WrkSeconds, scenario.Body)
            .ConfigureAwait(false);
        return result with { CpuUsPerRequest = (target.CpuSeconds() - cpuBefore) * 1e6 / Math.Max(1, result.Requests) };
    }

    /// <summary>The peak RSS of the server during one run: sampled every 250 ms.</summary>
    private async Task SampleRssAsync(List<double> samples, CancellationToken cancellationToken)
    {
        var peak = 0.0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.Process.RssMb());
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }

        samples.Add(peak);
    }
}
