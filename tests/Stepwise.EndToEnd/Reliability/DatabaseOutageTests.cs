using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd.Reliability;

/// <summary>
/// Issue 21, items 7 and 8: the database goes away under load and comes back. Two nodes on one PostgreSQL keep
/// runs in flight (http calls, durable delays, child runs that read and write the store inside their step) while
/// PostgreSQL stops and starts again. The nodes report not ready while it is away, refuse new runs with 503 and
/// retry; once it is back every run succeeds: none ends <c>failed</c> for a fault of the machinery.
/// </summary>
[RequiresPostgres(LocalServer = true)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private const int RunsBefore = 24;
    private const int RunsAfter = 12;

    [PostgresFact]
    public async Task PostgresRestartUnderLoad_EveryRunSucceedsAndNoneFailsForTheOutage()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var sink = new SideEffectSink();
        using var first = new TempFolder();
        using var second = new TempFolder();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url, ["STEPWISE_DB_MAX_CONNECTIONS"] = "10" };
        await using var node1 = await ServerInstance.StartAsync(first.Path, environment);
        await using var node2 = await ServerInstance.StartAsync(second.Path, environment);
        using var client1 = node1.Client();
        using var client2 = node2.Client();
        HttpClient[] clients = [client1, client2];
        await client1.DeployAsync($$$"""
            name: outage_call
            params: [{ name: n, type: int, required: true }]
            nodes:
              - { id: call, type: http, with: { method: POST, url: "{{{sink.Url("ok")}}}", body: { n: "${{ params.n }}" }, expect_status: [200] } }
              - { id: hold, type: delay, with: { duration: 1s } }
              - { id: done, type: transform, with: { n: "${{ params.n }}" } }
            output: ${{ nodes.done.output.n }}
            """);
        await client1.DeployAsync("""
            name: outage_child
            params: [{ name: n, type: int, required: true }]
            nodes: [{ id: twice, type: transform, with: { v: "${{ params.n * 2 }}" } }]
            output: ${{ nodes.twice.output.v }}
            """);
        await client1.DeployAsync("""
            name: outage_parent
            params: [{ name: n, type: int, required: true }]
            nodes:
              - { id: child, type: workflow, with: { workflow: outage_child, input: { n: "${{ params.n }}" } } }
              - { id: hold, type: delay, with: { duration: 500ms } }
              - { id: again, type: workflow, with: { workflow: outage_child, input: { n: "${{ nodes.child.output }}" } } }
            output: ${{ nodes.again.output }}
            """);

        var submitted = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        await SubmitAsync(clients, 0, RunsBefore, submitted);

        // Away while runs are in their delays and child runs: both nodes must notice, then recover.
        output.WriteLine("stopping PostgreSQL");
        await postgres.StopAsync();
        await Task.WhenAll(clients.Select(client => client.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable)));
        await Task.Delay(TimeSpan.FromSeconds(2));
        output.WriteLine("every node reports not ready; starting PostgreSQL");
        await postgres.StartAgainAsync();
        await Task.WhenAll(clients.Select(client => client.WaitForReadinessAsync(HttpStatusCode.OK)));
        await SubmitAsync(clients, RunsBefore, RunsBefore + RunsAfter, submitted);

        var failed = new List<string>();
        foreach (var (id, n) in submitted)
        {
            var run = await client1.WaitForAsync(id, TimeSpan.FromSeconds(90), "succeeded", "failed", "cancelled", "timed_out");
            output.WriteLine($"{id} ({run["workflow"]}, n={n}): {run.Status()} {run["error"]}");
            if (run.Status() != "succeeded")
            {
                failed.Add($"{id} ({run["workflow"]}) ended {run.Status()}: {run["error"]}");
            }
        }

        Assert.True(failed.Count == 0, $"{failed.Count} of {submitted.Count} runs did not succeed:\n{string.Join("\n", failed)}");
        Assert.Equal(0, sink.MissingKeys);
        var calls = submitted.Where(run => run.Value % 2 == 0).Select(run => run.Key + ":call").ToList();
        Assert.All(calls, key => Assert.True(sink.Effects.ContainsKey(key), $"the call of {key} never took effect"));
        Assert.DoesNotContain("unhandled exception", node1.Process.Stdout + node1.Process.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Runs from <paramref name="from"/> to <paramref name="to"/>, alternating workflows and nodes.</summary>
    private static async Task SubmitAsync(HttpClient[] clients, int from, int to, ConcurrentDictionary<string, int> submitted)
    {
        for (var n = from; n < to; n++)
        {
            var workflow = n % 2 == 0 ? "outage_call" : "outage_parent";
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                using var response = await clients[n % clients.Length].PostAsync(
                    $"/api/v1/workflows/{workflow}/executions", Api.Json($$"""{"n":{{n}}}"""), deadline.Token);
                var text = await response.Content.ReadAsStringAsync(deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    submitted[JsonNode.Parse(text)!["id"]!.GetValue<string>()] = n;
                    break;
                }

                Assert.True((int)response.StatusCode == 503, $"submitting run {n} failed: {(int)response.StatusCode} {text}");
                await Task.Delay(200, deadline.Token);
            }
        }
    }
}
