using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Agents;

/// <summary>
/// Approvals on two <c>stepwise serve</c> nodes sharing one PostgreSQL: a run waits while its node is killed, and a
/// signal sent to the other node resumes it; a signed link made by one node works once on the other.
/// </summary>
[RequiresPostgres(LocalServer = true)]
public sealed class ApprovalClusterTests
{
    private const string Refund = """
        name: refund
        params: [ { name: amount, type: int, required: true } ]
        nodes:
          - { id: approve, type: approval, with: { timeout: 1h, default: rejected } }
          - { id: pay, type: transform, when: "${{ nodes.approve.output.approved }}", with: { paid: "${{ params.amount }}" } }
        output: { approved: "${{ nodes.approve.output.approved }}" }
        """;

    [PostgresFact]
    public async Task Approval_NodeKilledWhileWaiting_SignalToTheOtherNodeResumesIt()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var first = new TempFolder();
        using var second = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = postgres.Url,
            ["STEPWISE_MASTER_KEY"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
        };
        await using var node1 = await ServerInstance.StartAsync(first.Path, environment);
        await using var node2 = await ServerInstance.StartAsync(second.Path, environment);
        using var client1 = node1.Client();
        using var client2 = node2.Client();
        await client1.DeployAsync(Refund);

        var signalled = (await client1.StartAsync("refund", """{"amount": 40}"""))["id"]!.GetValue<string>();
        var linked = (await client1.StartAsync("refund", """{"amount": 60}"""))["id"]!.GetValue<string>();
        await WaitingAsync(client2, signalled);
        var approveUrl = (await WaitingAsync(client2, linked))["details"]!["approve_url"]!.GetValue<string>();

        // Node 1 dies; nothing of the waits was in its memory.
        node1.Process.KillHard();
        using (var sent = await client2.PostAsync(
            $"/api/v1/executions/{signalled}/signals/approve", Api.Json("""{"approved": true, "comment": "ok"}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var done = await client2.WaitForAsync(signalled, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(done["output"]!["approved"]!.GetValue<bool>());

        // The link node 1 signed works on node 2 (the key derives from the shared master key), once.
        await node1.RestartAsync();
        using var anonymous = node2.Client(key: null);
        using (var used = await anonymous.PostAsync(approveUrl, null))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        using (var again = await anonymous.PostAsync(approveUrl, null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        using var restarted = node1.Client();
        var approved = await restarted.WaitForAsync(linked, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(approved["output"]!["approved"]!.GetValue<bool>());
        Assert.Equal("link", approved["steps"]!.AsArray().First(s => s!["step_id"]!.GetValue<string>() == "approve")!["output"]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_ServerRestartedWhileWaiting_StillWaitsThenTakesTheSignal()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using (var client = server.Client())
        {
            await client.DeployAsync(Refund);
            var id = (await client.StartAsync("refund", """{"amount": 9}"""))["id"]!.GetValue<string>();
            await WaitingAsync(client, id);
        }

        await server.RestartAsync();
        using var after = server.Client();
        var waiting = await WaitingAsync(after, null);
        var runId = waiting["execution_id"]!.GetValue<string>();
        Assert.Equal("running", (await after.GetRunAsync(runId)).Status());
        using (var sent = await after.PostAsync($"/api/v1/executions/{runId}/signals/approve", Api.Json("""{"approved": false}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var done = await after.WaitForAsync(runId, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.False(done["output"]!["approved"]!.GetValue<bool>());
    }

    private static async Task<JsonObject> WaitingAsync(HttpClient client, string? executionId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var list = await (await client.GetAsync("/api/v1/signals?kind=approval", timeout.Token)).ReadObjectAsync();
            if (list["items"]!.AsArray().FirstOrDefault(w => executionId is null || w!["execution_id"]!.GetValue<string>() == executionId)
                is JsonObject wait)
            {
                return wait;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
