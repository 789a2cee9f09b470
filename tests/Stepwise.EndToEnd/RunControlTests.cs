using System.Net;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Pinning, retry, compensation and cancel on a real server.</summary>
public sealed class RunControlTests : IClassFixture<SharedServer>
{
    private const string Flaky = """
        name: flaky
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: first
            type: transform
            with: { token: "${{ uuid() }}" }
          - id: call
            type: http
            with:
              method: GET
              url: ${{ params.url }}
          - id: last
            type: transform
            with:
              token: ${{ nodes.first.output.token }}
        output: ${{ nodes.last.output }}
        """;

    private readonly ServerInstance server;

    public RunControlTests(SharedServer shared) => server = shared.Server;

    [Fact]
    public async Task Run_WorkflowEditedMeanwhile_StaysPinnedToItsVersion()
    {
        const string v1 = """
            name: pinned_e2e
            nodes:
              - id: hold
                type: delay
                with: { duration: 1s }
              - id: say
                type: transform
                with: { text: first version }
            output: ${{ nodes.say.output.text }}
            """;
        using var client = server.Client();
        await client.DeployAsync(v1);
        var started = await client.StartAsync("pinned_e2e");
        var v2 = await client.DeployAsync(v1.Replace("first version", "second version", StringComparison.Ordinal));
        Assert.Equal(2, v2["version"]!.GetValue<int>());

        var finished = await client.WaitForAsync(started.Id(), TimeSpan.FromSeconds(30), "succeeded", "failed");
        Assert.Equal("first version", finished["output"]!.GetValue<string>());
        Assert.Equal(1, finished["version"]!.GetValue<int>());
        var later = await client.RunAsync("pinned_e2e");
        Assert.Equal("second version", later["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_FromFailedThenFromNode_KeepsCompletedOutputsAndRerunsDownstream()
    {
        using var remote = new LocalHttpServer((_, count) => count == 1 ? (500, "{}") : (200, "{}"));
        using var client = server.Client();
        await client.DeployAsync(Flaky);
        var failed = await client.RunAsync("flaky", $$"""{"url":"{{remote.Url("call")}}"}""");
        Assert.Equal("failed", failed.Status());
        var token = (await client.GetRunAsync(failed.Id())).Step("first")!["output"]!["token"]!.GetValue<string>();

        using (var retry = await client.PostAsync($"/api/v1/executions/{failed.Id()}/retry?wait=30s", null))
        {
            var resumed = await retry.ReadObjectAsync();
            Assert.Equal("succeeded", resumed.Status());
            Assert.Equal(token, resumed["output"]!["token"]!.GetValue<string>());
        }

        Assert.Equal(1, (await client.GetRunAsync(failed.Id())).Step("first")!["attempts"]!.GetValue<int>());
        using (var fromFirst = await client.PostAsync($"/api/v1/executions/{failed.Id()}/retry?from=first&wait=30s", null))
        {
            var rerun = await fromFirst.ReadObjectAsync();
            Assert.Equal("succeeded", rerun.Status());
            Assert.NotEqual(token, rerun["output"]!["token"]!.GetValue<string>());
        }

        Assert.Equal(3, remote.Hits("call"));
    }

    [Fact]
    public async Task Saga_FailedCharge_CompensatesInReverseCompletionOrder()
    {
        using var client = server.Client();
        await client.DeployAsync(RepoPaths.ReadExample("saga.yaml"));
        var run = await client.RunAsync("saga");
        Assert.Equal("compensated", run.Status());
        var logs = await (await client.GetAsync($"/api/v1/executions/{run.Id()}/logs")).ReadObjectAsync();
        Assert.Equal(
            ["reserve seat", "take stock", "undo take stock", "undo reserve seat"],
            logs["items"]!.AsArray().Where(line => line!["step_id"] is not null).Select(line => line!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Compensate_OnRequest_UndoesInReverseOrder()
    {
        const string undoable = """
            name: undoable_e2e
            nodes:
              - id: book
                type: log
                with: { message: book }
                compensate: { type: log, with: { message: undo book } }
              - id: pay
                type: log
                with: { message: pay }
                compensate: { type: log, with: { message: undo pay } }
              - id: ship
                type: fail
                with: { message: no stock }
            """;
        using var client = server.Client();
        await client.DeployAsync(undoable);
        var failed = await client.RunAsync("undoable_e2e");
        Assert.Equal("failed", failed.Status());
        using var response = await client.PostAsync($"/api/v1/executions/{failed.Id()}/compensate?wait=30s", null);
        Assert.Equal("compensated", (await response.ReadObjectAsync()).Status());
        var logs = await (await client.GetAsync($"/api/v1/executions/{failed.Id()}/logs")).ReadObjectAsync();
        Assert.Equal(
            ["book", "pay", "undo pay", "undo book"],
            logs["items"]!.AsArray().Where(line => line!["step_id"] is not null).Select(line => line!["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancel_RunInLongDelay_EndsCancelled()
    {
        const string sleepy = """
            name: sleepy_e2e
            nodes:
              - id: nap
                type: delay
                with: { duration: 5m }
            """;
        using var client = server.Client();
        await client.DeployAsync(sleepy);
        var started = await client.StartAsync("sleepy_e2e");
        await client.WaitForAsync(started.Id(), TimeSpan.FromSeconds(30), "running");
        using var response = await client.PostAsync($"/api/v1/executions/{started.Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancelled", (await client.GetRunAsync(started.Id())).Status());
    }
}
