using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Queue;

/// <summary>Queue administration on a server that runs one run at a time, so runs queue up behind a blocker.</summary>
public sealed class JobAdminTests : IDisposable
{
    private const string Jobs = "/api/v1/admin/jobs";

    private readonly ServerFactory factory = new ServerFactory().With("STEPWISE_MAX_CONCURRENT_RUNS", "1");

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task List_SaturatedWorker_ShowsPendingInPriorityOrderAndHighRunsFirst()
    {
        using var client = await DeployAsync();
        var blocker = await client.StartAsync("blocker");
        await client.WaitForAsync(blocker.Id(), "running");
        var low = await client.StartAsync("low");
        var high = await client.StartAsync("high");

        var queue = await (await client.GetAsync($"{Jobs}?status=pending")).ReadObjectAsync();

        Assert.Equal("pending", queue["status"]!.GetValue<string>());
        Assert.Equal(2, queue["total"]!.GetValue<int>());
        Assert.Equal([high.Id(), low.Id()], queue["items"]!.AsArray().Select(j => j!["id"]!.GetValue<string>()));
        Assert.Equal([9, 1], queue["items"]!.AsArray().Select(j => j!["priority"]!.GetValue<int>()));
        var running = await (await client.GetAsync($"{Jobs}?status=running")).ReadObjectAsync();
        Assert.Equal(blocker.Id(), Assert.Single(running["items"]!.AsArray())!["id"]!.GetValue<string>());

        using (var cancelled = await client.DeleteAsync($"{Jobs}/{blocker.Id()}"))
        {
            Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
            Assert.Equal("cancelled", (await cancelled.ReadObjectAsync()).Status());
        }

        var highRun = await client.WaitForAsync(high.Id(), "succeeded");
        var lowRun = await client.WaitForAsync(low.Id(), "succeeded");
        Assert.True(
            highRun["started_at"]!.GetValue<DateTimeOffset>() <= lowRun["started_at"]!.GetValue<DateTimeOffset>(),
            $"high started {highRun["started_at"]}, low started {lowRun["started_at"]}");
    }

    [Fact]
    public async Task SyncWebhook_EverySlotBusy_WaitsInTheQueueThenAnswersWithTheOutput()
    {
        using var client = await DeployAsync();
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        var blocker = await client.StartAsync("blocker");
        await client.WaitForAsync(blocker.Id(), "running");
        using var anonymous = factory.CreateClient();

        var answer = anonymous.PostAsync("/hooks/default/greet", Api.Json("""{"name":"Ada","n":4}"""));
        JsonObject queue;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            queue = await (await client.GetAsync($"{Jobs}?status=pending")).ReadObjectAsync();
            if (queue["total"]!.GetValue<int>() > 0 || answer.IsCompleted)
            {
                break;
            }

            await Task.Delay(20, deadline.Token);
        }

        if (answer.IsCompleted)
        {
            // Not queued: say what the webhook answered instead, and what the worker was running.
            using var early = await answer;
            var running = await (await client.GetAsync($"{Jobs}?status=running")).Content.ReadAsStringAsync();
            Assert.Fail($"the webhook answered {(int)early.StatusCode} {await early.Content.ReadAsStringAsync()} " +
                $"before its run was queued; running: {running}");
        }

        Assert.Equal("greet", Assert.Single(queue["items"]!.AsArray())!["workflow"]!.GetValue<string>());
        using (await client.DeleteAsync($"{Jobs}/{blocker.Id()}"))
        {
        }

        using var response = await answer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["doubled"]!.GetValue<int>());
    }

    [Fact]
    public async Task Delete_QueuedRun_EndsCancelledAndNeverRuns()
    {
        using var client = await DeployAsync();
        var blocker = await client.StartAsync("blocker");
        await client.WaitForAsync(blocker.Id(), "running");
        var queued = await client.StartAsync("low");

        using (var response = await client.DeleteAsync($"{Jobs}/{queued.Id()}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("cancelled", (await response.ReadObjectAsync()).Status());
        }

        using (await client.DeleteAsync($"{Jobs}/{blocker.Id()}"))
        {
        }

        await client.WaitForAsync(blocker.Id(), "cancelled");
        var after = await (await client.GetAsync($"{Jobs}?status=pending")).ReadObjectAsync();
        Assert.Equal(0, after["total"]!.GetValue<int>());
        var run = await client.GetRunAsync(queued.Id());
        Assert.Equal("cancelled", run.Status());
        Assert.Empty(run["steps"]!.AsArray());

        using var again = await client.DeleteAsync($"{Jobs}/{queued.Id()}");
        var error = await Envelope.AssertErrorAsync(again, 409, "CONFLICT");
        Assert.Contains("has already finished (cancelled)", Envelope.Message(error), StringComparison.Ordinal);
        using var unknown = await client.DeleteAsync($"{Jobs}/{Guid.NewGuid()}");
        await Envelope.AssertErrorAsync(unknown, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Purge_FailedOlderThanZero_DeletesFailedRunsWithTheirStepsOnly()
    {
        using var client = await DeployAsync();
        var failed = new[] { await client.RunAsync("doomed"), await client.RunAsync("doomed") };
        var succeeded = await client.RunAsync("low");
        Assert.All(failed, run => Assert.Equal("failed", run.Status()));

        using var response = await client.PostAsync($"{Jobs}/purge?status=failed&older_than=0s", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.ReadObjectAsync();
        Assert.Equal(2, result["purged"]!.GetValue<int>());
        Assert.Equal(("failed", "0s"), (result["status"]!.GetValue<string>(), result["older_than"]!.GetValue<string>()));
        foreach (var run in failed)
        {
            using var gone = await client.GetAsync($"/api/v1/executions/{run.Id()}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal("succeeded", (await client.GetRunAsync(succeeded.Id())).Status());
        using var young = await client.PostAsync($"{Jobs}/purge?status=succeeded&older_than=1h", null);
        Assert.Equal(0, (await young.ReadObjectAsync())["purged"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?status=pending&older_than=1h", 422, "Cannot purge pending runs: only finished runs can be purged")]
    [InlineData("?status=running&older_than=1h", 422, "Cannot purge running runs")]
    [InlineData("?older_than=1h", 400, "Query parameter 'status' is required")]
    [InlineData("?status=failed", 400, "Query parameter 'older_than' is required")]
    [InlineData("?status=broken&older_than=1h", 422, "Invalid value 'broken' for 'status'")]
    [InlineData("?status=failed&older_than=soon", 422, "Invalid value 'soon' for 'older_than'")]
    public async Task Purge_BadQuery_ReturnsEnvelopeNamingTheProblem(string query, int status, string message)
    {
        using var client = factory.Client();

        using var response = await client.PostAsync($"{Jobs}/purge{query}", null);

        var error = await Envelope.AssertErrorAsync(response, status, status == 422 ? "VALIDATION_ERROR" : "BAD_REQUEST");
        Assert.StartsWith(message, Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_DeveloperKey_Returns403NamingTheAdminRole()
    {
        var key = await factory.CreateKeyAsync("default", ApiKeyRole.Developer);
        using var client = factory.Client(key);

        using var response = await client.GetAsync(Jobs);

        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal("This needs the admin role; the API key has the developer role", Envelope.Message(error));
    }

    [Fact]
    public async Task List_BadStatusOrLimit_Returns400()
    {
        using var client = factory.Client();

        using var status = await client.GetAsync($"{Jobs}?status=queued");
        using var limit = await client.GetAsync($"{Jobs}?limit=0");

        Assert.StartsWith("Invalid value 'queued' for 'status'", Envelope.Message(await Envelope.AssertErrorAsync(status, 422, "VALIDATION_ERROR")), StringComparison.Ordinal);
        Assert.StartsWith("Invalid value '0' for 'limit'", Envelope.Message(await Envelope.AssertErrorAsync(limit, 422, "VALIDATION_ERROR")), StringComparison.Ordinal);
    }

    private async Task<HttpClient> DeployAsync()
    {
        var client = factory.Client();
        await client.DeployAsync("""
            name: blocker
            nodes: [{ id: wait, type: delay, with: { duration: 60s } }]
            """);
        foreach (var (name, priority) in new[] { ("low", 1), ("high", 9) })
        {
            await client.DeployAsync($$"""
                name: {{name}}
                priority: {{priority}}
                nodes: [{ id: a, type: transform, with: { x: 1 } }]
                """);
        }

        await client.DeployAsync("""
            name: doomed
            nodes: [{ id: boom, type: fail, with: { message: no } }]
            """);
        return client;
    }
}
