using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;
using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>
/// <c>ctx.WaitForSignalAsync</c> on a real SQLite store: the run parks (no worker held), a signal or the timeout
/// wakes it, and the replay returns the payload without running completed steps again.
/// </summary>
public sealed class CodeSignalTests
{
    private const string Refund = """
        using Stepwise.Sdk;

        public static class Refund
        {
            [Workflow("code_refund", TimeoutSeconds = 30)]
            public static async Task<string> RunAsync(IWorkflowContext context, string url, int amount, int waitMs = 3600000)
            {
                await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync(url + "/reserve", null, ct); return 1; });
                var decision = await context.WaitForSignalAsync<Decision>("approve", TimeSpan.FromMilliseconds(waitMs), $"Refund {amount}?");
                if (decision is not { Approved: true })
                {
                    return decision is null ? "timed out" : "rejected: " + decision.Comment;
                }

                await context.StepAsync("pay", async ct => { using var r = await context.Http.PostAsync(url + "/pay", null, ct); return 1; });
                return "paid " + amount + " (" + decision.Comment + ")";
            }
        }

        public sealed record Decision(bool Approved, string? Comment);
        """;

    [Fact]
    public async Task WaitForSignalAsync_SignalSent_RunParksThenResumesWithThePayload()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Refund.cs", Refund)));
        var services = Services(engine);

        var parked = await engine.RunAsync("code_refund", new JsonObject { ["url"] = remote.BaseUrl, ["amount"] = 40 }, services);

        Assert.Equal(ExecutionStatus.Running, parked.Status);
        var wait = Assert.Single(await engine.Storage.Signals.ListAsync(new SignalWaitQuery("default")));
        Assert.Equal(("approve", "signal", "Refund 40?"), (wait.Name, wait.Kind, wait.Details!["message"]!.GetValue<string>()));
        Assert.NotNull(wait.DueAt);
        var approve = (await engine.StepsAsync(parked.Id)).Last(s => s.StepId == "approve");
        Assert.Equal(StepStatus.Running, approve.Status);

        var delivery = await engine.Storage.Signals.SendAsync(
            "default", parked.Id, "approve", new JsonObject { ["approved"] = true, ["comment"] = "ok" }, "user:ada", DateTimeOffset.UtcNow);
        Assert.Equal(SignalDeliveryStatus.Delivered, delivery.Status);
        var done = await engine.Engine(services).RunExecutionAsync(parked.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"paid 40 (ok)\"", done.Output!.ToJsonString());
        Assert.Equal(1, remote.Hits("reserve"));
        Assert.Equal(1, remote.Hits("pay"));
        var steps = await engine.StepsAsync(parked.Id);
        var answered = steps.Last(s => s.StepId == "approve");
        Assert.Equal(StepStatus.Succeeded, answered.Status);
        Assert.Equal("""{"received":true,"payload":{"approved":true,"comment":"ok"},"by":"user:ada"}""", answered.Output!.ToJsonString());
        Assert.Equal(["reserve", "approve", "pay"], steps.Where(s => s.Status == StepStatus.Succeeded).Select(s => s.StepId));
    }

    [Fact]
    public async Task WaitForSignalAsync_TimeoutPasses_ReturnsDefault()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Refund.cs", Refund)));
        var services = Services(engine);

        var parked = await engine.RunAsync(
            "code_refund", new JsonObject { ["url"] = remote.BaseUrl, ["amount"] = 5, ["waitMs"] = 300 }, services);
        Assert.Equal(ExecutionStatus.Running, parked.Status);
        await Task.Delay(400);
        var done = await engine.Engine(services).RunExecutionAsync(parked.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"timed out\"", done.Output!.ToJsonString());
        Assert.Equal(0, remote.Hits("pay"));
        var wait = await engine.Storage.Signals.GetAsync(parked.Id, "approve");
        Assert.Equal(SignalWaitStatus.TimedOut, wait!.Status);
    }

    [Fact]
    public async Task WaitForSignalAsync_CodeCatchesTheSuspension_RunStillParksAndNothingRunsAhead()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Sneaky.cs", Workspaces.Body("""
            try
            {
                await context.WaitForSignalAsync<Dictionary<string, int>>("go");
            }
            catch (Exception)
            {
                // Swallowed: the engine must still park before "after".
            }

            await context.StepAsync("after", ct => Task.FromResult(1));
            """))));
        var services = Services(engine);

        var parked = await engine.RunAsync("flow", null, services);

        Assert.Equal(ExecutionStatus.Running, parked.Status);
        Assert.DoesNotContain(await engine.StepsAsync(parked.Id), s => s.StepId == "after");
        await engine.Storage.Signals.SendAsync("default", parked.Id, "go", new JsonObject(), "user:x", DateTimeOffset.UtcNow);
        var done = await engine.Engine(services).RunExecutionAsync(parked.Id);
        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
    }

    [Theory]
    [InlineData("await context.WaitForSignalAsync<string>(\"Approve!\");",
        "Invalid signal name 'Approve!': a signal name is [a-z0-9_], 1 to 64 characters.")]
    [InlineData("await context.WaitForSignalAsync<string>(\"go\", TimeSpan.Zero); await context.WaitForSignalAsync<string>(\"go\");",
        "This run already waited for signal 'go'; give each wait its own name (e.g. go_2).")]
    public async Task WaitForSignalAsync_BadUse_FailsTheRunWithTheMessage(string body, string message)
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Bad.cs", Workspaces.Body(body))));

        var run = await engine.RunAsync("flow", null, Services(engine));

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForSignalAsync_HostWithoutSignals_FailsNamingWhatIsMissing()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Wait.cs", Workspaces.Body("await context.WaitForSignalAsync<string>(\"go\");"))));

        var run = await engine.RunAsync("flow");

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("waiting for a signal needs a host that keeps signals (stepwise serve); this one has none", run.Error);
    }

    [Fact]
    public async Task ExecuteWorkflowAsync_ChildWaitsForASignal_ParentParksThenGetsTheChildsOutput()
    {
        await using var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Parent.cs", """
            using Stepwise.Sdk;

            public static class Family
            {
                [Workflow("parent")]
                public static async Task<string> ParentAsync(IWorkflowContext context) =>
                    "child said " + await context.ExecuteWorkflowAsync<string>("child");

                [Workflow("child")]
                public static async Task<string> ChildAsync(IWorkflowContext context) =>
                    (await context.WaitForSignalAsync<Dictionary<string, string>>("go"))!["word"];
            }
            """)));
        var services = Services(engine);

        var parked = await engine.RunAsync("parent", null, services);

        Assert.Equal(ExecutionStatus.Running, parked.Status);
        var wait = Assert.Single(await engine.Storage.Signals.ListAsync(new SignalWaitQuery("default")));
        Assert.Equal("child", wait.Workflow);
        var call = (await engine.StepsAsync(parked.Id)).Last(s => s.StepId == "workflow.child");
        Assert.Equal(StepStatus.Running, call.Status);
        await engine.Storage.Signals.SendAsync(
            "default", wait.ExecutionId, "go", new JsonObject { ["word"] = "hi" }, "user:x", DateTimeOffset.UtcNow);
        var done = await engine.Engine(services).RunExecutionAsync(parked.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"child said hi\"", done.Output!.ToJsonString());
    }

    private static ServiceProvider Services(CodeEngine engine) =>
        new ServiceCollection().AddSingleton(engine.Storage.Signals).BuildServiceProvider();
}
