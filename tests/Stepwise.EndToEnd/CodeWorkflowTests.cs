using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Code-first workflows against the real server: hot reload of the workspace, compile errors, kill -9.</summary>
public sealed class CodeWorkflowTests
{
    private static string TenSteps(string url) => $$"""
        using Stepwise.Sdk;

        public static class Chain
        {
            [Workflow("chain10", Description = "Ten steps that each call the outside world")]
            public static async Task<int> RunAsync(IWorkflowContext context, [Param(Required = true)] string tag)
            {
                var total = 0;
                for (var i = 1; i <= 10; i++)
                {
                    var n = i;
                    total += await context.StepAsync($"call{n}", async ct =>
                    {
                        using var response = await context.Http.PostAsync($"{{url}}/call/{tag}/{n}", null, ct);
                        return (int)response.StatusCode == 200 ? n : -1000;
                    });
                    if (n == 5)
                    {
                        await context.DelayAsync(TimeSpan.FromSeconds(3));
                    }
                }

                return total;
            }
        }
        """;

    private const string Greeter = """
        using Stepwise.Sdk;

        public static class Greeter
        {
            [Workflow("greet")]
            [Webhook("greet-hook")]
            public static async Task<string> RunAsync(IWorkflowContext context, string name = "world")
            {
                return await context.StepAsync("say", ct => Task.FromResult($"hello {name} VERSION"));
            }
        }
        """;

    [Fact]
    public async Task KillDashNine_MidTenStepCodeWorkflow_FinishesAndNoCompletedStepRunsTwice()
    {
        using var folder = new TempFolder();
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "workspace"));
        File.WriteAllText(Path.Combine(folder.Path, "workspace", "Chain.cs"), TenSteps(remote.BaseUrl));
        await using var server = await ServerInstance.StartAsync(folder.Path);

        var ids = new List<string>();
        using (var client = server.Client())
        {
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await client.StartAsync("chain10", $$"""{"tag":"run{{i}}"}""")).Id());
            }

            // Every run is in its delay once step "delay" is recorded: calls 1..5 are then durable.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            foreach (var id in ids)
            {
                while ((await client.GetRunAsync(id)).Step("delay") is null)
                {
                    await Task.Delay(20, deadline.Token);
                }
            }
        }

        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(0, remote.Hits($"call/run{i}/6"));
        }

        await server.RestartAsync();
        using var after = server.Client();
        for (var i = 0; i < ids.Count; i++)
        {
            var run = await after.WaitForAsync(ids[i], TimeSpan.FromSeconds(90), "succeeded", "failed");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
            Assert.Equal(55, run["output"]!.GetValue<int>());
            for (var n = 1; n <= 10; n++)
            {
                Assert.Equal(1, remote.Hits($"call/run{i}/{n}"));
                Assert.Equal("succeeded", run.Step($"call{n}")!["status"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task Workspace_DropBreakFix_ListedRunsShowsErrorKeepsOldThenServesNew()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["STEPWISE_WORKSPACE_WARM_UP"] = "true" });
        Assert.True(MapsRoslyn(server), "STEPWISE_WORKSPACE_WARM_UP=true did not load Roslyn at start");
        using var client = server.Client();
        var file = Path.Combine(folder.Path, "workspace", "Greeter.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);

        File.WriteAllText(file, Greeter.Replace("VERSION", "v1", StringComparison.Ordinal));
        var listed = await WaitUntilAsync(client, "/api/v1/workflows/greet", TimeSpan.FromSeconds(2));
        Assert.True(listed, "the workflow was not listed within 2 s of the save");

        var run = await client.RunAsync("greet", """{"name":"ada"}""");
        Assert.Equal("hello ada v1", run["output"]!.GetValue<string>());
        using (var hook = await client.PostAsync("/hooks/default/greet-hook", Api.Json("""{"name":"hook"}""")))
        {
            Assert.True(hook.IsSuccessStatusCode, await hook.Content.ReadAsStringAsync());
        }

        File.WriteAllText(file, Greeter.Replace("VERSION", "v2", StringComparison.Ordinal).Replace("v2\"));", "v2\"))", StringComparison.Ordinal));
        JsonObject? status = null;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (status?["errors"] is not JsonArray { Count: > 0 })
            {
                await Task.Delay(50, deadline.Token);
                using var response = await client.GetAsync("/api/v1/workspace");
                status = (await response.ReadObjectAsync());
            }
        }

        var error = status["errors"]![0]!["text"]!.GetValue<string>();
        Assert.Matches(@"^Greeter\.cs:9:\d+: error CS1002: ; expected$", error);
        Assert.Equal("hello ada v1", (await client.RunAsync("greet", """{"name":"ada"}"""))["output"]!.GetValue<string>());

        File.WriteAllText(file, Greeter.Replace("VERSION", "v3", StringComparison.Ordinal));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (true)
            {
                var output = (await client.RunAsync("greet", """{"name":"ada"}"""))["output"]!.GetValue<string>();
                if (output == "hello ada v3")
                {
                    break;
                }

                await Task.Delay(50, deadline.Token);
            }
        }
    }

    [Fact]
    public async Task Workspace_NoCodeFiles_RoslynNotLoadedUntilTheFirstSave()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client();
        using (var workspace = await client.GetAsync("/api/v1/workspace"))
        {
            Assert.True(workspace.IsSuccessStatusCode, await workspace.Content.ReadAsStringAsync());
        }

        Assert.False(MapsRoslyn(server), "an idle server whose workspace has no .cs file loaded Roslyn");

        var file = Path.Combine(folder.Path, "workspace", "Greeter.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Greeter.Replace("VERSION", "v1", StringComparison.Ordinal));
        Assert.True(await WaitUntilAsync(client, "/api/v1/workflows/greet", TimeSpan.FromSeconds(90)),
            "the workflow was not listed within 90 s of the first save");
        Assert.Equal("hello ada v1", (await client.RunAsync("greet", """{"name":"ada"}"""))["output"]!.GetValue<string>());
        Assert.True(MapsRoslyn(server), "the workspace compiled without Roslyn mapped into the server");
    }

    // The assemblies a process loaded are mapped files: Microsoft.CodeAnalysis.dll in the server's maps is Roslyn loaded.
    private static bool MapsRoslyn(ServerInstance server) =>
        File.ReadAllText($"/proc/{server.Process.Id}/maps").Contains("/Microsoft.CodeAnalysis.dll", StringComparison.Ordinal);

    private static async Task<bool> WaitUntilAsync(HttpClient client, string path, TimeSpan within)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < within)
        {
            using var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            await Task.Delay(25);
        }

        return false;
    }
}
