using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// Code workflows on two <c>stepwise serve</c> nodes sharing one PostgreSQL, only one of which has the workspace
/// folder: a run that waits for a signal (<c>ctx.WaitForSignalAsync</c>) while its node is killed is finished by the
/// other node, which compiles the run's workspace version from the store; after the first node restarts with a newer
/// version, runs started before keep the code they started with and new runs get the new code on either node.
/// </summary>
[RequiresPostgres(LocalServer = true)]
public sealed class CodeWorkflowClusterTests
{
    private static string Refund(string url, string version) => $$"""
        using Stepwise.Sdk;

        public static class Refund
        {
            [Workflow("code_refund", TimeoutSeconds = 60)]
            public static async Task<string> RunAsync(IWorkflowContext context, int amount)
            {
                await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync($"{{url}}/reserve/{amount}", null, ct); return 1; });
                var decision = await context.WaitForSignalAsync<Decision>("approve", TimeSpan.FromHours(1), $"Refund {amount}?");
                if (decision is not { Approved: true })
                {
                    return "{{version}} rejected";
                }

                await context.StepAsync("pay", async ct => { using var r = await context.Http.PostAsync($"{{url}}/pay/{amount}", null, ct); return 1; });
                return $"{{version}} paid {amount} ({decision.Comment})";
            }
        }

        public sealed record Decision(bool Approved, string? Comment);
        """;

    [PostgresFact]
    public async Task CodeSignal_NodeWithTheWorkspaceKilled_NodeWithoutItFinishesRunsOnTheirPinnedVersion()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        using var first = new TempFolder();
        using var second = new TempFolder();
        var file = Path.Combine(first.Path, "workspace", "Refund.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Refund(remote.BaseUrl, "v1"));
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url };
        await using var node1 = await ServerInstance.StartAsync(first.Path, environment);
        await using var node2 = await ServerInstance.StartAsync(second.Path, environment);
        using var client2 = node2.Client();

        string a, b;
        using (var client1 = node1.Client())
        {
            a = (await client1.StartAsync("code_refund", """{"amount": 40}""")).Id();
            b = (await client1.StartAsync("code_refund", """{"amount": 60}""")).Id();
        }

        var waiting = await WaitingAsync(client2, a);
        Assert.Equal("Refund 40?", waiting["details"]!["message"]!.GetValue<string>());
        await WaitingAsync(client2, b);

        // Node 1, the only one with the folder, dies; its next version is saved before it comes back.
        node1.Process.KillHard();
        await node1.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        File.WriteAllText(file, Refund(remote.BaseUrl, "v2"));
        await SignalAsync(client2, a, """{"approved": true, "comment": "ok"}""");
        var doneA = await client2.WaitForAsync(a, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(doneA.Status() == "succeeded", doneA.ToJsonString());
        Assert.Equal("v1 paid 40 (ok)", doneA["output"]!.GetValue<string>());
        Assert.Equal(1, remote.Hits("reserve/40"));
        Assert.Equal(1, remote.Hits("pay/40"));
        Assert.Equal("succeeded", doneA.Step("approve")!["status"]!.GetValue<string>());

        // Node 1 restarts serving v2: the run it started on v1 still finishes on v1.
        await node1.RestartAsync();
        using var restarted = node1.Client();
        await WaitForServingAsync(restarted, client2, remote);
        await SignalAsync(restarted, b, """{"approved": true, "comment": "later"}""");
        var doneB = await restarted.WaitForAsync(b, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("v1 paid 60 (later)", doneB["output"]!.GetValue<string>());
        Assert.Equal(1, remote.Hits("reserve/60"));
    }

    /// <summary>Until a run started on node 2 (no folder) gets node 1's new code: node 1 published v2.</summary>
    private static async Task WaitForServingAsync(HttpClient node1, HttpClient node2, LocalHttpServer remote)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await node1.GetAsync("/api/v1/workspace", deadline.Token);
            var status = await response.ReadObjectAsync();
            if (status["errors"] is JsonArray { Count: 0 } && status["serving_version"] is not null)
            {
                break;
            }

            await Task.Delay(100, deadline.Token);
        }

        var c = (await node2.StartAsync("code_refund", """{"amount": 70}""")).Id();
        await WaitingAsync(node2, c);
        await SignalAsync(node2, c, """{"approved": true, "comment": "new"}""");
        var doneC = await node2.WaitForAsync(c, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("v2 paid 70 (new)", doneC["output"]!.GetValue<string>());
        Assert.Equal(1, remote.Hits("pay/70"));
    }

    private static async Task SignalAsync(HttpClient client, string id, string payload)
    {
        using var sent = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json(payload));
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
    }

    private static async Task<JsonObject> WaitingAsync(HttpClient client, string executionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = await (await client.GetAsync("/api/v1/signals?kind=signal", timeout.Token)).ReadObjectAsync();
            if (list["items"]!.AsArray().FirstOrDefault(w => w!["execution_id"]!.GetValue<string>() == executionId) is JsonObject wait)
            {
                return wait;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
