using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Priorities and queue administration on a real server that runs one run at a time.</summary>
public sealed class QueueTests : IClassFixture<QueueTests.Fixture>
{
    private readonly ServerInstance server;

    public QueueTests(Fixture fixture) => server = fixture.Server;

    [Fact]
    public async Task Priority_SaturatedQueue_HigherPriorityRunsStartFirst()
    {
        using var client = server.Client();
        await DeployAsync(client, blockFor: "3s");
        var blocker = await client.StartAsync("blocker");
        await client.WaitForAsync(blocker.Id(), TimeSpan.FromSeconds(30), "running");
        var queued = new List<(string Id, int Priority)>();
        foreach (var name in new[] { "low", "high", "low", "high" })
        {
            queued.Add(((await client.StartAsync(name)).Id(), name == "high" ? 9 : 1));
        }

        var pending = await (await client.GetAsync("/api/v1/admin/jobs?status=pending")).ReadObjectAsync();
        Assert.Equal([9, 9, 1, 1], pending["items"]!.AsArray().Select(job => job!["priority"]!.GetValue<int>()));

        var started = new List<(DateTimeOffset At, int Priority)>();
        foreach (var (id, priority) in queued)
        {
            var run = await client.WaitForAsync(id, TimeSpan.FromSeconds(60), "succeeded");
            started.Add((run["started_at"]!.GetValue<DateTimeOffset>(), priority));
        }

        Assert.Equal([9, 9, 1, 1], started.OrderBy(s => s.At).Select(s => s.Priority));
        Assert.True(
            started.Min(s => s.At) >= (await client.GetRunAsync(blocker.Id()))["finished_at"]!.GetValue<DateTimeOffset>(),
            "a queued run started while the only slot was busy");
    }

    [Fact]
    public async Task JobsCli_ListCancelAndPurge_AdministerTheQueue()
    {
        using var client = server.Client();
        await DeployAsync(client, blockFor: "60s");
        var blocker = await client.StartAsync("blocker");
        await client.WaitForAsync(blocker.Id(), TimeSpan.FromSeconds(30), "running");
        var queued = await client.StartAsync("low");

        var listed = await CliAsync("jobs", "list");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains(queued.Id(), listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 pending in all", listed.Stdout, StringComparison.Ordinal);

        var cancelQueued = await CliAsync("jobs", "cancel", queued.Id());
        Assert.True(cancelQueued.ExitCode == 0, cancelQueued.Stderr);
        Assert.Contains($"{queued.Id()}  cancelled", cancelQueued.Stdout, StringComparison.Ordinal);
        var cancelRunning = await CliAsync("jobs", "cancel", blocker.Id(), "--output", "json");
        Assert.True(cancelRunning.ExitCode == 0, cancelRunning.Stderr);
        Assert.Equal("cancelled", (await client.WaitForAsync(blocker.Id(), TimeSpan.FromSeconds(30), "cancelled")).Status());
        Assert.Empty((await client.GetRunAsync(queued.Id()))["steps"]!.AsArray());

        var doomed = new[] { await client.RunAsync("doomed"), await client.RunAsync("doomed") };
        Assert.All(doomed, run => Assert.Equal("failed", run.Status()));
        var kept = await client.RunAsync("high");

        var refused = await CliAsync("jobs", "purge", "--status", "pending", "--older-than", "1h");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("Cannot purge pending runs", refused.Stderr, StringComparison.Ordinal);

        var purged = await CliAsync("jobs", "purge", "--status", "failed", "--older-than", "0s");
        Assert.True(purged.ExitCode == 0, purged.Stderr);
        Assert.StartsWith("purged 2 failed runs", purged.Stdout, StringComparison.Ordinal);
        foreach (var run in doomed)
        {
            using var gone = await client.GetAsync($"/api/v1/executions/{run.Id()}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal("succeeded", (await client.GetRunAsync(kept.Id())).Status());
        var notAdmin = await StepwiseProcess.RunAsync(["jobs", "list", "--server", server.BaseUrl, "--key", "wrong-key"]);
        Assert.Equal(1, notAdmin.ExitCode);
        Assert.Contains("Invalid API key", notAdmin.Stderr, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        StepwiseProcess.RunAsync(args, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STEPWISE_SERVER"] = server.BaseUrl,
            ["STEPWISE_KEY"] = ServerInstance.AdminKey,
        });

    private static async Task DeployAsync(HttpClient client, string blockFor)
    {
        await client.DeployAsync($$"""
            name: blocker
            priority: 10
            nodes: [{ id: wait, type: delay, with: { duration: {{blockFor}} } }]
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
    }

    /// <summary>A server with one run slot, so runs queue behind a blocker.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempFolder folder = new();

        public ServerInstance Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string>(StringComparer.Ordinal) { ["STEPWISE_MAX_CONCURRENT_RUNS"] = "1" });

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            folder.Dispose();
        }
    }
}
