using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;
using Stepwise.Testing;
using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>
/// Issue 21, item 7, for code workflows: the engine's store failing under one of the code's operations (journaling a
/// step, starting a child, recording a signal wait) is not the workflow's failure. The code never sees the exception
/// (its try/catch catches nothing), the run never ends <c>failed</c>: it stops resumable, and once the store answers
/// its next run finishes without running again a step the journal holds as done. Real SQLite and real compiled code;
/// only the outages are faked.
/// </summary>
public sealed class CodeInfrastructureFaultTests
{
    private const string Checkout = """
        using Stepwise.Sdk;

        public static class Checkout
        {
            [Workflow("checkout")]
            public static async Task<string> RunAsync(IWorkflowContext context, string url)
            {
                await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync(url + "/reserve", null, ct); return 1; });
                try
                {
                    await context.StepAsync("pay", async ct => { using var r = await context.Http.PostAsync(url + "/pay", null, ct); return 1; });
                }
                catch (Exception exception)
                {
                    using var r = await context.Http.PostAsync(url + "/caught", null);
                    return "caught: " + exception.Message;
                }

                return "paid";
            }

            [Workflow("with_child")]
            public static async Task<string> WithChildAsync(IWorkflowContext context, string url)
            {
                await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync(url + "/reserve", null, ct); return 1; });
                try
                {
                    return "child said " + await context.ExecuteWorkflowAsync<string>("shipping", new { url });
                }
                catch (Exception exception)
                {
                    using var r = await context.Http.PostAsync(url + "/caught", null);
                    return "caught: " + exception.Message;
                }
            }

            [Workflow("shipping")]
            public static async Task<string> ShippingAsync(IWorkflowContext context, string url)
            {
                await context.StepAsync("ship", async ct => { using var r = await context.Http.PostAsync(url + "/ship", null, ct); return 1; });
                return "shipped";
            }

            [Workflow("approved_payment")]
            public static async Task<string> ApprovedPaymentAsync(IWorkflowContext context, string url)
            {
                await context.StepAsync("reserve", async ct => { using var r = await context.Http.PostAsync(url + "/reserve", null, ct); return 1; });
                try
                {
                    await context.WaitForSignalAsync<Dictionary<string, bool>>("approve");
                }
                catch (Exception exception) when (!exception.Message.StartsWith("The step waits", StringComparison.Ordinal))
                {
                    // Anything but the engine's suspension of the wait, which workflow code must let pass.
                    using var r = await context.Http.PostAsync(url + "/caught", null);
                    return "caught: " + exception.Message;
                }

                await context.StepAsync("pay", async ct => { using var r = await context.Http.PostAsync(url + "/pay", null, ct); return 1; });
                return "paid";
            }
        }
        """;

    [Theory]
    [InlineData("busy")]
    [InlineData("full")]
    [InlineData("read_only")]
    public async Task StepAsync_JournalingAStepFails_RunStopsResumableUnseenByTheCode_ThenFinishesWithoutRepeatingDoneSteps(string kind)
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await OpenAsync();
        var flaky = new FlakyStorage(engine.Storage);
        var fault = FlakyStorage.Fault(kind);
        flaky.FailOnce<JournalEntry>(e => e is StepWritten { Step: { StepId: "pay", Status: StepStatus.Running } }, fault);

        var thrown = await Assert.ThrowsAnyAsync<StorageException>(() => StartAsync(engine, flaky, "checkout", remote));

        Assert.IsType(fault.GetType(), thrown);
        Assert.Equal(1, flaky.Failed);
        var execution = await ResumableAsync(engine);
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        Assert.DoesNotContain(await engine.StepsAsync(execution.Id), step => step.Status == StepStatus.Failed);
        Assert.Equal((1, 0), (remote.Hits("reserve"), remote.Hits("pay")));

        var done = await engine.Engine(null, flaky).RunExecutionAsync(execution.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"paid\"", done.Output!.ToJsonString());
        Assert.Equal((1, 1), (remote.Hits("reserve"), remote.Hits("pay")));
        Assert.Equal(0, CaughtHits(remote));
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("full")]
    public async Task StepAsync_JournalingAFinishedStepFails_TheStepRunsAgainOnTheNextRunButNoneBeforeIt(string kind)
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await OpenAsync();
        var flaky = new FlakyStorage(engine.Storage);
        flaky.FailOnce<JournalEntry>(e => e is StepWritten { Step: { StepId: "pay", Status: StepStatus.Succeeded } }, FlakyStorage.Fault(kind));

        await Assert.ThrowsAnyAsync<StorageException>(() => StartAsync(engine, flaky, "checkout", remote));
        var execution = await ResumableAsync(engine);
        var done = await engine.Engine(null, flaky).RunExecutionAsync(execution.Id);

        // The journal never held "pay" as done, so it runs again (at least once); "reserve", journaled, does not.
        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal((1, 2), (remote.Hits("reserve"), remote.Hits("pay")));
        Assert.Equal(0, CaughtHits(remote));
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("read_only")]
    public async Task ExecuteWorkflowAsync_StartingTheChildFails_RunStopsResumableUnseenByTheCode_ThenFinishes(string kind)
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await OpenAsync();
        var flaky = new FlakyStorage(engine.Storage);
        flaky.FailOnce<ExecutionRecord>(child => child.ParentExecutionId is not null, FlakyStorage.Fault(kind));

        await Assert.ThrowsAnyAsync<StorageException>(() => StartAsync(engine, flaky, "with_child", remote));

        Assert.Equal(1, flaky.Failed);
        var parent = await ResumableAsync(engine);
        Assert.Equal("with_child", parent.Workflow);
        Assert.Equal(ExecutionStatus.Running, parent.Status);
        Assert.Equal((1, 0), (remote.Hits("reserve"), remote.Hits("ship")));

        var done = await engine.Engine(null, flaky).RunExecutionAsync(parent.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"child said shipped\"", done.Output!.ToJsonString());
        Assert.Equal((1, 1), (remote.Hits("reserve"), remote.Hits("ship")));
        Assert.Equal(0, CaughtHits(remote));
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("full")]
    public async Task WaitForSignalAsync_RecordingTheWaitFails_RunStopsResumableUnseenByTheCode_ThenParksAndFinishes(string kind)
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        await using var engine = await OpenAsync();
        var flaky = new FlakyStorage(engine.Storage);
        var services = new ServiceCollection().AddSingleton<ISignalStore>(flaky).BuildServiceProvider();
        flaky.FailOnce<SignalWait>(wait => wait.Name == "approve", FlakyStorage.Fault(kind));

        await Assert.ThrowsAnyAsync<StorageException>(() => StartAsync(engine, flaky, "approved_payment", remote, services));

        Assert.Equal(1, flaky.Failed);
        var execution = await ResumableAsync(engine);
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        Assert.Empty(await engine.Storage.Signals.ListForExecutionAsync(execution.Id));

        var parked = await engine.Engine(services, flaky).RunExecutionAsync(execution.Id);

        Assert.Equal(ExecutionStatus.Running, parked!.Status);
        var delivery = await engine.Storage.Signals.SendAsync(
            "default", execution.Id, "approve", new JsonObject { ["ok"] = true }, "user:ada", DateTimeOffset.UtcNow);
        Assert.Equal(SignalDeliveryStatus.Delivered, delivery.Status);
        var done = await engine.Engine(services, flaky).RunExecutionAsync(execution.Id);

        Assert.Equal(ExecutionStatus.Succeeded, done!.Status);
        Assert.Equal("\"paid\"", done.Output!.ToJsonString());
        Assert.Equal((1, 1), (remote.Hits("reserve"), remote.Hits("pay")));
        Assert.Equal(0, CaughtHits(remote));
    }

    private static async Task<CodeEngine> OpenAsync()
    {
        var engine = await CodeEngine.OpenAsync();
        engine.Serve(CodeEngine.Load(("Checkout.cs", Checkout)));
        return engine;
    }

    private static async Task<ExecutionRecord> StartAsync(
        CodeEngine engine, FlakyStorage flaky, string workflow, LocalHttpServer remote, IServiceProvider? services = null)
    {
        var resolved = await engine.Resolver.GetLatestAsync("default", workflow) ?? throw new InvalidOperationException(workflow);
        return await engine.Engine(services, flaky)
            .RunAsync(resolved.Definition, resolved.Version, new JsonObject { ["url"] = remote.BaseUrl })
            .WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>The one run left unfinished, with no lease: what its host runs again once the store answers.</summary>
    private static async Task<ExecutionRecord> ResumableAsync(CodeEngine engine) =>
        Assert.Single(await engine.Storage.Executions.ListResumableAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10));

    private static int CaughtHits(LocalHttpServer remote) => remote.Hits("caught");
}
