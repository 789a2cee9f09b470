using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>
/// S4: chain10 runs started asynchronously through the API (<c>POST /api/v1/workflows/chain10/executions</c>, 202)
/// by 16 concurrent clients, then the list API polled until none is pending or running: the time from the first
/// submission until every run has finished, durably. Memory is read when they have finished and again after a pause.
/// </summary>
internal sealed class DurableThroughputScenario(HarnessOptions options, StepwiseInstance server)
{
    private const int Submitters = 16;

    public async Task<JsonObject> RunAsync(List<double> rssAfter, List<double> rssSettled)
    {
        Console.WriteLine($"-- S4: {options.DurableRuns:N0} async chain10 runs through the API");
        var seconds = new List<double>();
        var submitSeconds = new List<double>();
        var cpuPerRun = new List<double>();
        long rejected = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            var cpuBefore = server.Process.CpuSeconds();
            var clock = Stopwatch.StartNew();
            rejected += await SubmitAsync().ConfigureAwait(false);
            submitSeconds.Add(clock.Elapsed.TotalSeconds);
            while (await AnyAsync("pending").ConfigureAwait(false) || await AnyAsync("running").ConfigureAwait(false))
            {
                await Task.Delay(100).ConfigureAwait(false);
            }

            seconds.Add(clock.Elapsed.TotalSeconds);
            cpuPerRun.Add((server.Process.CpuSeconds() - cpuBefore) * 1e6 / options.DurableRuns);
            rssAfter.Add(server.Process.RssMb());
            await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds)).ConfigureAwait(false);
            rssSettled.Add(server.Process.RssMb());
            Console.WriteLine(
                $"   run {run + 1}: all finished in {seconds[^1]:F1} s (submitted in {submitSeconds[^1]:F1} s);" +
                $" server CPU {cpuPerRun[^1]:F0} us per run; RSS {rssAfter[^1]:F0} MB, {rssSettled[^1]:F0} MB {options.SettleSeconds} s later");
        }

        if (await AnyAsync("failed").ConfigureAwait(false))
        {
            throw new InvalidOperationException("S4: some chain10 runs failed; see " + server.Process.LogPath);
        }

        return new JsonObject
        {
            ["runs"] = options.DurableRuns,
            ["seconds"] = Figure.Of(seconds),
            ["rps"] = Figure.Of([.. seconds.Select(s => options.DurableRuns / s)], 0),
            ["submit_seconds"] = Figure.Of(submitSeconds),
            ["cpu_us_per_run"] = Figure.Of(cpuPerRun, 0),
            ["rejected"] = rejected,
        };
    }

    private async Task<long> SubmitAsync()
    {
        var next = 0;
        long rejected = 0;
        var uri = new Uri("/api/v1/workflows/chain10/executions", UriKind.Relative);
        var submitters = Enumerable.Range(0, Submitters).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= options.DurableRuns)
            {
                using var content = new StringContent("{}", Encoding.UTF8, "application/json");
                using var response = await server.Client.PostAsync(uri, content).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref rejected);
                }
            }
        });
        await Task.WhenAll(submitters).ConfigureAwait(false);
        return rejected;
    }

    private async Task<bool> AnyAsync(string status)
    {
        var page = JsonNode.Parse(await server.GetAsync($"/api/v1/executions?status={status}&limit=1").ConfigureAwait(false));
        return page?["items"] is JsonArray { Count: > 0 };
    }
}
