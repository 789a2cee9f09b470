using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// The live event stream of a run is right on a node that does not run it: two <c>stepwise serve</c> on one
/// PostgreSQL, the run claimed by the first (the only node when it starts), followed through the second, and
/// cancelled through the second: the stream shows the first node's progress and then the cancellation.
/// </summary>
[RequiresPostgres(LocalServer = true)]
public sealed class EventStreamNodesTests
{
    private const string Napper = """
        name: napper
        nodes:
          - id: before
            type: transform
            with: { a: 1 }
          - id: nap
            type: delay
            with: { duration: 120s }
          - id: after
            type: transform
            with: { b: 2 }
        """;

    [PostgresFact]
    public async Task RunEvents_OnANodeThatDoesNotRunIt_FollowTheRunToItsEnd()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var firstFolder = new TempFolder();
        using var secondFolder = new TempFolder();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url };
        await using var first = await ServerInstance.StartAsync(firstFolder.Path, environment);
        using var firstClient = first.Client();
        await firstClient.DeployAsync(Napper);
        using var started = await firstClient.PostAsync("/api/v1/workflows/napper/executions", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        // The second node starts while the first holds the run's lease, so only the store connects them.
        await using var second = await ServerInstance.StartAsync(secondFolder.Path, environment);
        using var secondClient = second.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await secondClient.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/api/v1/executions/{id}/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var statuses = new List<string>();
        JsonNode? last = null;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            if (item.EventType != "execution")
            {
                continue;
            }

            last = JsonNode.Parse(item.Data)!;
            statuses.Add(last["status"]!.GetValue<string>());
            var napping = last["steps"]!.AsArray().Any(step => step!["step_id"]!.GetValue<string>() == "nap");
            if (napping && statuses.Count(status => status == "running") == 1 && statuses[^1] == "running")
            {
                using var cancel = await secondClient.PostAsync($"/api/v1/executions/{id}/cancel", null, timeout.Token);
                Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
            }

            if (statuses[^1] is "succeeded" or "failed" or "cancelled")
            {
                break;
            }
        }

        Assert.Equal("running", statuses[0]);
        Assert.Equal("cancelled", statuses[^1]);
        Assert.Equal("succeeded", last!["steps"]!.AsArray().Single(s => s!["step_id"]!.GetValue<string>() == "before")!["status"]!.GetValue<string>());
    }
}
