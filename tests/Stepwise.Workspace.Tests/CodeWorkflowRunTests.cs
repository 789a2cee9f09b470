using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;
using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>Running code workflows durably on a real SQLite store: replay, non-determinism, failures, retries, compensation.</summary>
public sealed class CodeWorkflowRunTests
{
    [Fact]
    public async Task RunAsync_ContractOfTheIssue_SucceedsWithEveryStepJournaled()
    {
        using var remote = new LocalHttpServer((_, _) => (201, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Onboarding.cs", Workspaces.Contract.Replace("http://127.0.0.1:8081", remote.BaseUrl, StringComparison.Ordinal))));

        var run = await engine.RunAsync("onboard_user", new JsonObject { ["email"] = "ada@example.com" });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"status":201,"greeting":"welcome ada@example.com to eng"}""", run.Output!.ToJsonString());
        Assert.Equal(1, remote.Hits("accounts"));
        var steps = await engine.StepsAsync(run.Id);
        Assert.Equal(["create_account", "delay", "greet"], steps.Where(s => s.Status == StepStatus.Succeeded).Select(s => s.StepId));
        var delay = steps.Last(s => s.StepId == "delay");
        Assert.True(delay.FinishedAt - delay.StartedAt >= TimeSpan.FromSeconds(1.9), $"{delay.StartedAt} -> {delay.FinishedAt}");
        var log = Assert.Single(await engine.LogsAsync(run.Id), l => l.Message == "onboarded");
        Assert.Equal("""{"email":"ada@example.com"}""", log.Data!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_InvalidEmail_FailsAtStartWithTheParamsMessage()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Onboarding.cs", Workspaces.Contract)));

        var run = await engine.RunAsync("onboard_user", new JsonObject { ["email"] = "not-an-email" });

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.StartsWith("Parameter 'email' validation failed:", run.Error, StringComparison.Ordinal);
        Assert.Empty(await engine.StepsAsync(run.Id));
    }

    private const string Hanging = """
        using Stepwise.Sdk;

        public static class Order
        {
            [Workflow("order")]
            public static async Task<string> RunAsync(IWorkflowContext context, string url)
            {
                var reserved = await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync(url + "/reserve", null, ct); return "reserved"; });
                var charged = await context.StepAsync("charge", async ct => { using var r = await context.Http.PostAsync(url + "/charge", null, ct); return "charged"; });
                await context.StepAsync("hang", async ct => { await Task.Delay(HANG, ct); return 0; });
                return reserved + " " + charged;
            }
        }
        """;

    [Fact]
    public async Task Resume_AfterTheProcessStopped_CompletedStepsReturnRecordedResultsWithoutRunning()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Order.cs", Hanging.Replace("HANG", "Timeout.Infinite", StringComparison.Ordinal))));
        var id = await InterruptAtHangAsync(engine, remote);

        // The "restarted process" runs code in which the hanging step finishes at once.
        engine.Serve(CodeEngine.Load(("Order.cs", Hanging.Replace("HANG", "0", StringComparison.Ordinal))));
        var resumed = await engine.Engine().RunExecutionAsync(id);

        Assert.Equal(ExecutionStatus.Succeeded, resumed!.Status);
        Assert.Equal("\"reserved charged\"", resumed.Output!.ToJsonString());
        Assert.Equal(1, remote.Hits("reserve"));
        Assert.Equal(1, remote.Hits("charge"));
        var hang = (await engine.StepsAsync(id)).Where(s => s.StepId == "hang").ToList();
        Assert.Equal(StepStatus.Succeeded, hang[^1].Status);
        Assert.Equal(1, hang[^1].Attempt);
    }

    [Fact]
    public async Task Resume_CodeAsksForAnotherStep_FailsNamingBothSteps()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Order.cs", Hanging.Replace("HANG", "Timeout.Infinite", StringComparison.Ordinal))));
        var id = await InterruptAtHangAsync(engine, remote);

        var changed = Hanging.Replace("HANG", "0", StringComparison.Ordinal).Replace("\"charge\"", "\"ship\"", StringComparison.Ordinal);
        engine.Serve(CodeEngine.Load(("Order.cs", changed)));
        var resumed = await engine.Engine().RunExecutionAsync(id);

        Assert.Equal(ExecutionStatus.Failed, resumed!.Status);
        Assert.Equal("step 2 was 'charge' when this run started, the code now asks for 'ship'", resumed.Error);
        Assert.Equal(0, remote.Hits("ship"));
    }

    private static async Task<string> InterruptAtHangAsync(CodeEngine engine, LocalHttpServer remote)
    {
        var resolved = await engine.Resolver.GetLatestAsync("default", "order");
        using var host = new CancellationTokenSource();
        var id = Guid.NewGuid().ToString();
        var running = engine.Engine().RunAsync(
            resolved!.Definition, resolved.Version, new JsonObject { ["url"] = remote.BaseUrl },
            new Core.Scheduling.RunOptions { ExecutionId = id }, host.Token);
        await engine.WaitForStepAsync(id, "hang", StepStatus.Running);
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        return id;
    }

    [Fact]
    public async Task RunAsync_StepThrows_RunFailsWithTheStepsError()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Boom.cs", Workspaces.Body("""
            await context.StepAsync("explode", ct => Task.FromException<int>(new InvalidOperationException("boom")));
            """))));

        var run = await engine.RunAsync("flow");

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("step 'explode' failed: InvalidOperationException: boom", run.Error);
        Assert.Equal(StepStatus.Failed, (await engine.StepsAsync(run.Id))[^1].Status);
    }

    [Fact]
    public async Task RunAsync_WorkflowExceptionOutsideSteps_FailsWithItsMessage()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Cfg.cs", Workspaces.Body("""
            var endpoint = context.GetConfig("api_endpoint");
            """))));

        var run = await engine.RunAsync("flow");

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("Configuration key 'api_endpoint' not found for organization", run.Error);
    }

    [Fact]
    public async Task RunAsync_StepWithRetry_SucceedsOnTheThirdAttempt()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Flaky.cs", """
            using Stepwise.Sdk;

            public static class Flaky
            {
                private static int calls;

                [Workflow("flaky")]
                public static async Task<int> RunAsync(IWorkflowContext context) =>
                    await context.StepAsync("call", ct => ++calls < 3 ? throw new WorkflowException("not yet") : Task.FromResult(calls),
                        retry: new StepRetry(3, TimeSpan.FromMilliseconds(10)));
            }
            """)));

        var run = await engine.RunAsync("flaky");

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("3", run.Output!.ToJsonString());
        var attempts = (await engine.StepsAsync(run.Id)).Where(s => s.StepId == "call").ToList();
        Assert.Equal([StepStatus.Failed, StepStatus.Failed, StepStatus.Succeeded], attempts.Select(a => a.Status));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
    }

    [Fact]
    public async Task RunAsync_LaterStepFails_CompensatesCompletedStepsNewestFirst()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Saga.cs", $$"""
            using Stepwise.Sdk;

            public static class Saga
            {
                [Workflow("saga")]
                public static async Task<int> RunAsync(IWorkflowContext context)
                {
                    await context.StepAsync("reserve", ct => Task.FromResult("r1"),
                        compensate: async (id, ct) => { using var r = await context.Http.PostAsync("{{remote.BaseUrl}}/release/" + id, null, ct); });
                    await context.StepAsync("charge", ct => Task.FromResult(42),
                        compensate: async (amount, ct) => { using var r = await context.Http.PostAsync("{{remote.BaseUrl}}/refund/" + amount, null, ct); });
                    await context.StepAsync("ship", ct => Task.FromException<int>(new WorkflowException("no stock", "NO_STOCK")));
                    return 0;
                }
            }
            """)));

        var run = await engine.RunAsync("saga");

        Assert.Equal(ExecutionStatus.Compensated, run.Status);
        Assert.Equal("step 'ship' failed: no stock", run.Error);
        Assert.Equal(["refund/42", "release/r1"], remote.Requests.Select(r => r.Path.TrimStart('/')));
        Assert.Equal(
            ["reserve", "charge", "ship", "charge#compensate", "reserve#compensate"],
            (await engine.StepsAsync(run.Id)).Where(s => s.Status is StepStatus.Succeeded or StepStatus.Failed).Select(s => s.StepId));
    }

    [Fact]
    public async Task RunAsync_MethodNeverReturns_EndsTimedOutAtItsTimeout()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Stuck.cs", """
            using Stepwise.Sdk;

            public static class Stuck
            {
                [Workflow("stuck", TimeoutSeconds = 1)]
                public static async Task<int> RunAsync(IWorkflowContext context)
                {
                    await Task.Delay(Timeout.Infinite);
                    return 0;
                }
            }
            """)));

        var run = await engine.RunAsync("stuck");

        Assert.Equal(ExecutionStatus.TimedOut, run.Status);
        Assert.Equal("Workflow exceeded 1 second timeout", run.Error);
    }

    [Fact]
    public async Task RunAsync_StepTimeout_FailsTheStepNamingTheLimit()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Slow.cs", Workspaces.Body("""
            await context.StepAsync("slow", async ct => { await Task.Delay(Timeout.Infinite, ct); return 1; }, timeout: TimeSpan.FromMilliseconds(100));
            """))));

        var run = await engine.RunAsync("flow");

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("step 'slow' failed: step timed out after 100ms", run.Error);
    }

    [Fact]
    public async Task RunAsync_ChildWorkflow_ReturnsItsOutputAndLinksTheRun()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Family.cs", """
            using Stepwise.Sdk;

            public static class Family
            {
                [Workflow("parent")]
                public static async Task<int> ParentAsync(IWorkflowContext context) =>
                    await context.ExecuteWorkflowAsync<int>("child", new { n = 20 }) + 1;

                [Workflow("child")]
                public static Task<int> ChildAsync(IWorkflowContext context, int n) => context.StepAsync("double", ct => Task.FromResult(n * 2));
            }
            """)));

        var run = await engine.RunAsync("parent");

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("41", run.Output!.ToJsonString());
        var step = Assert.Single(await engine.StepsAsync(run.Id), s => s.Status == StepStatus.Succeeded);
        Assert.Equal("workflow.child", step.StepId);
    }

    [Fact]
    public async Task RunAsync_DepartmentNotAmongTheProvidersOptions_FailsAtStart()
    {
        await using var engine = await CodeEngine.OpenAsync();
        var version = CodeEngine.Load(("Onboarding.cs", Workspaces.Contract));
        engine.Serve(version);
        var services = new ProviderServices(version);

        var run = await engine.RunAsync("onboard_user", new JsonObject { ["email"] = "a@b.co", ["department"] = "hr" }, services);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(
            "Parameter 'department' validation failed: 'hr' is not one of the options of data provider 'get_departments' (eng, sales)",
            run.Error);
    }

    /// <summary>The host's composition in small: data providers of one loaded version.</summary>
    private sealed class ProviderServices(WorkspaceVersion version) : IServiceProvider, IDataProviderOptions
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IDataProviderOptions) ? this : null;

        public async ValueTask<IReadOnlyList<string>?> GetValuesAsync(
            string orgId, string provider, JsonObject parameters, CancellationToken cancellationToken = default)
        {
            if (!version.DataProviders.TryGetValue(provider, out var found))
            {
                return null;
            }

            var context = new ProviderContext(orgId, orgId, null, null, new HttpClient(), (_, _) => { }, null, cancellationToken);
            return [.. (await found.InvokeAsync(context, new Dictionary<string, string?>())).Select(o => o.Value)];
        }
    }

    [Fact]
    public async Task Http_HostKeepsFailing_CircuitBreakerOpensAndTheNextRequestFailsAtOnce()
    {
        using var remote = new LocalHttpServer((_, _) => (503, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Breaker.cs", Workspaces.Body($$"""
            var statuses = new List<string>();
            for (var i = 0; i < 7; i++)
            {
                var n = i;
                statuses.Add(await context.StepAsync($"call{n}", async ct =>
                {
                    try
                    {
                        using var response = await context.Http.GetAsync("{{remote.BaseUrl}}/flaky", ct);
                        return ((int)response.StatusCode).ToString();
                    }
                    catch (HttpRequestException exception)
                    {
                        return exception.Message;
                    }
                }));
            }

            context.Log("info", string.Join("|", statuses));
            """))));

        var run = await engine.RunAsync("flow");

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        var line = Assert.Single(await engine.LogsAsync(run.Id), l => l.Message.Contains('|', StringComparison.Ordinal)).Message;
        var host = new Uri(remote.BaseUrl).Authority;
        Assert.Equal(
            $"503|503|503|503|503|circuit breaker is open for {host}|circuit breaker is open for {host}", line);
        Assert.Equal(5, remote.Hits("flaky"));
    }
}
