using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Crash recovery after kill -9, graceful SIGTERM, and a taken port, each on its own server process.</summary>
public sealed class LifecycleTests
{
    private const string Durable = """
        name: durable
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: before
            type: http
            with:
              method: POST
              url: "${{ params.url }}/before/${{ execution.id }}"
          - id: hold
            type: delay
            with: { duration: 2s }
          - id: after
            type: http
            with:
              method: POST
              url: "${{ params.url }}/after/${{ execution.id }}"
        """;

    [Fact]
    public async Task KillDashNine_During50Runs_AllFinishAfterRestartAndNoCompletedStepRunsTwice()
    {
        using var folder = new TempFolder();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using (var client = server.Client())
        {
            await client.DeployAsync(Durable);
        }

        var ids = new List<string>();
        using (var client = server.Client())
        {
            for (var i = 0; i < 50; i++)
            {
                ids.Add((await client.StartAsync("durable", $$"""{"url":"{{remote.Url(string.Empty).TrimEnd('/')}}"}""")).Id());
            }

            // Every run is inside its delay once its "hold" step is recorded: "before" is then durable.
            var holding = new HashSet<string>(StringComparer.Ordinal);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (holding.Count < ids.Count)
            {
                foreach (var id in ids.Where(id => !holding.Contains(id)))
                {
                    if ((await client.GetRunAsync(id)).Step("hold") is not null)
                    {
                        holding.Add(id);
                    }
                }

                await Task.Delay(20, deadline.Token);
            }
        }

        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Counted once the process is gone, so no call can land between the count and the kill. A run whose "after"
        // call was already sent may have been killed before recording its completion: that step was in flight, and
        // runs again (at-least-once, same idempotency key). Steps recorded as completed never run again.
        var calledAfterBeforeKill = ids.Where(id => remote.Hits($"after/{id}") > 0).ToHashSet(StringComparer.Ordinal);
        Assert.True(calledAfterBeforeKill.Count < ids.Count, "every run finished before the kill; the test proves nothing");

        await server.RestartAsync();
        using var after = server.Client();
        foreach (var id in ids)
        {
            var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(90), "succeeded", "failed");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
            Assert.Equal(1, run.Step("before")!["attempts"]!.GetValue<int>());
            Assert.Equal(1, remote.Hits($"before/{id}"));
            if (calledAfterBeforeKill.Contains(id))
            {
                Assert.InRange(remote.Hits($"after/{id}"), 1, 2);
            }
            else
            {
                Assert.Equal(1, remote.Hits($"after/{id}"));
            }
        }
    }

    [Fact]
    public async Task KillDashNine_SingleSqliteNode_24RunsInFlightAllFinishWithin5sOfRestart()
    {
        // A 30 s lease: without ending its predecessor's leases at start, the node would wait for them to expire.
        using var folder = new TempFolder();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["STEPWISE_LEASE"] = "30s", ["STEPWISE_RECOVERY_POLL"] = "2s" });
        var ids = new List<string>();
        using (var client = server.Client())
        {
            // The 2 s hold is the window the kill must land in: every run is polled at once, so the wait for the last
            // run to reach it does not eat the window on a slow machine (a 1 s hold polled one run after another did).
            await client.DeployAsync(Durable);
            for (var i = 0; i < 24; i++)
            {
                ids.Add((await client.StartAsync("durable", $$"""{"url":"{{remote.Url(string.Empty).TrimEnd('/')}}"}""")).Id());
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Task.WhenAll(ids.Select(async id =>
            {
                while ((await client.GetRunAsync(id)).Step("hold") is null)
                {
                    await Task.Delay(20, deadline.Token);
                }
            }));
        }

        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(Path.Combine(folder.Path, "node-id")), "the node keeps its identity in the data folder");
        Assert.True(ids.Any(id => remote.Hits($"after/{id}") == 0), "every run finished before the kill; the test proves nothing");

        var restart = System.Diagnostics.Stopwatch.StartNew();
        await server.RestartAsync();
        var ready = restart.Elapsed;
        using var after = server.Client();
        foreach (var id in ids)
        {
            var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(20), "succeeded", "failed");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
        }

        // Measured from the moment the restarted server answers: on a loaded machine the process start alone can take
        // longer than 5 s, which says nothing about recovery. The 30 s lease would hold the runs far longer.
        var afterReady = restart.Elapsed - ready;
        Assert.True(
            afterReady < TimeSpan.FromSeconds(5),
            $"all 24 runs finished {afterReady.TotalSeconds:0.0} s after the restarted server answered (start took {ready.TotalSeconds:0.0} s)");
        Assert.All(ids, id => Assert.Equal(1, remote.Hits($"before/{id}")));
    }

    [Fact]
    public async Task Bug_13_kill9_with_one_run_slot_resumes()
    {
        // With one slot the idle dispatcher held it while waiting for a queued run, so the claim loop saw no free
        // slot and a run left by kill -9 stayed running for ever.
        using var folder = new TempFolder();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["STEPWISE_MAX_CONCURRENT_RUNS"] = "1" });
        string id;
        using (var client = server.Client())
        {
            await client.DeployAsync(Durable);
            id = (await client.StartAsync("durable", $$"""{"url":"{{remote.Url(string.Empty).TrimEnd('/')}}"}""")).Id();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await client.GetRunAsync(id)).Step("hold") is null)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, remote.Hits($"after/{id}"));

        await server.RestartAsync();
        using var after = server.Client();
        var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(run.Status() == "succeeded", run.ToJsonString());
        Assert.Equal(1, remote.Hits($"before/{id}"));
        Assert.Equal(1, remote.Hits($"after/{id}"));
    }

    [Fact]
    public async Task Sigterm_WithRunningStep_FinishesThatStepStartsNoOtherAndResumesAfterRestart()
    {
        using var folder = new TempFolder();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["STEPWISE_SHUTDOWN_GRACE"] = "20s" });
        string id;
        using (var client = server.Client())
        {
            await client.DeployAsync(Durable);
            id = (await client.StartAsync("durable", $$"""{"url":"{{remote.Url(string.Empty).TrimEnd('/')}}"}""")).Id();
            await client.WaitForAsync(id, TimeSpan.FromSeconds(30), "running");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((await client.GetRunAsync(id)).Step("hold") is null)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        server.Process.Terminate();
        var exitCode = await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(40));
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Process.Stderr}");
        // Draining: the step in flight finished within the grace, and the next one never started.
        Assert.Equal(0, remote.Hits($"after/{id}"));
        Assert.DoesNotContain("   at ", server.Process.Stderr, StringComparison.Ordinal);

        await server.RestartAsync();
        using var again = server.Client();
        await again.WaitForAsync(id, TimeSpan.FromSeconds(30), "succeeded");
        Assert.Equal(1, remote.Hits($"before/{id}"));
        Assert.Equal(1, remote.Hits($"after/{id}"));
    }

    [Fact]
    public async Task Sigterm_GraceElapses_ExitsZeroAndReleasesLeasesForAnImmediateResume()
    {
        const string slow = """
            name: slow
            nodes:
              - id: hold
                type: delay
                with: { duration: 6s }
              - id: done
                type: transform
                with: { ok: true }
            output: ${{ nodes.done.output }}
            """;
        using var folder = new TempFolder();

        // A lease far longer than the test: only a released lease lets the restarted server resume at once.
        await using var server = await ServerInstance.StartAsync(
            folder.Path,
            new Dictionary<string, string> { ["STEPWISE_SHUTDOWN_GRACE"] = "1s", ["STEPWISE_LEASE"] = "10m" });
        string id;
        using (var client = server.Client())
        {
            await client.DeployAsync(slow);
            id = (await client.StartAsync("slow")).Id();
            await client.WaitForAsync(id, TimeSpan.FromSeconds(30), "running");
        }

        server.Process.Terminate();
        Assert.Equal(0, await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        await server.RestartAsync();
        using var again = server.Client();
        var run = await again.WaitForAsync(id, TimeSpan.FromSeconds(30), "succeeded", "failed");
        Assert.Equal("succeeded", run.Status());
        Assert.Single(run.Step("hold")!["attempt_history"]!.AsArray());
    }

    [Fact]
    public async Task Serve_PortTaken_ExitsOneWithAddressInUseAndHint()
    {
        using var folder = new TempFolder();
        using var other = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        var (exitCode, _, stderr) = await StepwiseProcess.RunAsync(
            ["serve", "--urls", server.BaseUrl, "--data", other.Path],
            new Dictionary<string, string> { ["LOG_LEVEL"] = "warning" });
        Assert.Equal(1, exitCode);
        Assert.Contains($"address already in use: 127.0.0.1:{server.Port}", stderr, StringComparison.Ordinal);
        Assert.Contains("hint:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstStart_WithoutAdminKey_PrintsAWorkingKeyOnce()
    {
        using var folder = new TempFolder();
        var port = ServerInstance.FreePort();
        using var serve = StepwiseProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", folder.Path],
            new Dictionary<string, string> { ["LOG_LEVEL"] = "warning" });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? key = null;
        while (key is null)
        {
            // The first start frames the key on stderr: "|  Admin API key (...): sw_...  |".
            key = serve.Stderr.Split('\n')
                .Where(line => line.StartsWith("|  Admin API key", StringComparison.Ordinal))
                .Select(line => line.Trim('|', ' ', '\r'))
                .Select(line => line[(line.LastIndexOf(' ') + 1)..].Trim())
                .FirstOrDefault();
            await Task.Delay(50, deadline.Token);
        }

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("Authorization", $"Bearer {key}");
        HttpResponseMessage? response = null;
        while (response is null)
        {
            try
            {
                response = await client.GetAsync("/api/v1/workflows", deadline.Token);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        using (response)
        {
            Assert.Equal(JsonValueKindArray(), (await response.ReadObjectAsync())["items"]!.GetValueKind());
        }

        serve.Terminate();
        Assert.Equal(0, await serve.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    private static System.Text.Json.JsonValueKind JsonValueKindArray() => new JsonArray().GetValueKind();
}
