using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class CompensationTests
{
    [Fact]
    public async Task RunAsync_SagaChargeFails_CompensatesInReverseOrder()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("saga.yaml"));

        Assert.Equal(ExecutionStatus.Compensated, run.Status);
        Assert.Equal("node 'charge' failed: card declined", run.Error);
        var logs = await harness.Store.GetLogsAsync(run.Id);
        Assert.Equal(
            ["reserve seat", "take stock", "undo take stock", "undo reserve seat"],
            logs.Select(l => l.Message));
        Assert.Equal(
            ["release_stock#compensate", "reserve#compensate"],
            (await harness.StepsAsync(run.Id)).Where(s => s.StepId.EndsWith("#compensate", StringComparison.Ordinal)).Select(s => s.StepId));
        Assert.Equal(ExecutionStatus.Compensated, (await harness.Store.GetExecutionAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task RunAsync_SagaChargeSucceeds_RunsNoCompensation()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("saga.yaml"), new JsonObject { ["fail_charge"] = false });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.DoesNotContain(await harness.StepsAsync(run.Id), s => s.StepId.Contains('#', StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CompensationFails_EndsFailedNamingIt()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: bad_undo
            on_failure: compensate
            nodes:
              - id: book
                type: transform
                with: { ok: true }
                compensate: { type: fail, with: { message: undo refused } }
              - { id: pay, type: fail, with: { message: declined } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("node 'pay' failed: declined; compensation of 'book' failed: undo refused", run.Error);
    }

    [Fact]
    public async Task RunAsync_OnFailureStop_LeavesCompletedStepsAlone()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: stop
            nodes:
              - id: book
                type: log
                with: { message: booked }
                compensate: { type: log, with: { message: unbooked } }
              - { id: pay, type: fail, with: { message: declined } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(["booked"], (await harness.Store.GetLogsAsync(run.Id)).Select(l => l.Message));
    }
}
