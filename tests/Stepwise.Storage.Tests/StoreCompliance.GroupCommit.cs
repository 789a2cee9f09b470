using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

/// <summary>
/// The writer's group-commit leader: an entry that ends a run, appended while the writer is idle, is committed by its
/// appender; everything else, and everything appended while anyone commits, goes through the writer's loop.
/// </summary>
public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task AppendAsync_RunEndWithTheWriterIdle_IsCommittedByItsAppender()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var byAppendersBefore = storage.Counters.CommitsByAppenders;

        await storage.Journal.AppendAsync(
            new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, new JsonObject { ["done"] = true }, null, Start.AddSeconds(1)));
        await storage.Journal.AppendAsync(new ExecutionWritten(
            Records.Execution("whole", Start, status: ExecutionStatus.Succeeded) with { StartedAt = Start, FinishedAt = Start },
            [Records.Step("whole", "a", Start)],
            [],
            null,
            null));

        Assert.Equal(byAppendersBefore + 2, storage.Counters.CommitsByAppenders);
        Assert.Equal(ExecutionStatus.Succeeded, (await storage.Executions.GetExecutionAsync("e"))!.Status);
        Assert.Equal(["a"], (await storage.Executions.GetStepsAsync("whole")).Select(step => step.StepId));
    }

    [PostgresFact]
    public async Task AppendAsync_StepsLogsAndUnfinishedStatusesWithTheWriterIdle_AreLeftToTheWritersLoop()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var byAppendersBefore = storage.Counters.CommitsByAppenders;

        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Running, null, null, Start));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "a", Start)));
        await storage.Journal.AppendAsync(
            new LogWritten(new ExecutionLogRecord("e", "a", ExecutionLogLevel.Info, "noted", null, Start)));

        Assert.Equal(byAppendersBefore, storage.Counters.CommitsByAppenders);
        Assert.Single(await storage.Executions.GetStepsAsync("e"));
    }

    [PostgresFact]
    public async Task AppendAsync_RunEndOfAMissingRunWithTheWriterIdle_FailsOnlyThatCallerAndTheWriterCarriesOn()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        var error = await Assert.ThrowsAsync<StorageNotFoundException>(async () => await storage.Journal.AppendAsync(
            new ExecutionStatusWritten("ghost", ExecutionStatus.Failed, null, "gone", Start)));
        var steps = Enumerable.Range(0, 20)
            .Select(index => storage.Journal.AppendAsync(new StepWritten(Records.Step("e", $"s{index}", Start))).AsTask())
            .ToList();
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, null, null, Start.AddSeconds(1)));
        await Task.WhenAll(steps);

        Assert.Contains("execution 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, storage.Counters.WritesFailed);
        Assert.Equal(20, (await storage.Executions.GetStepsAsync("e")).Count);
        Assert.Equal(ExecutionStatus.Succeeded, (await storage.Executions.GetExecutionAsync("e"))!.Status);
        Assert.Null(await storage.Executions.GetExecutionAsync("ghost"));
    }

    [PostgresFact]
    public async Task AppendAsync_ManyAppendersEndingRunsAmidUnawaitedSteps_KeepsEachAppendersOrder()
    {
        await using var storage = await OpenStoreAsync();
        const int appenders = 8;
        const int stepsEach = 100;
        for (var appender = 0; appender < appenders; appender++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{appender}", Start));
        }

        // Each appender queues steps without waiting and ends its run again every ten steps, awaiting some of those
        // ends (which may then lead) and not others: every step is stored in order and the last end is the one kept.
        var runs = Enumerable.Range(0, appenders).Select(appender => Task.Run(async () =>
        {
            var executionId = $"e{appender}";
            var unawaited = new List<Task>();
            for (var step = 0; step < stepsEach; step++)
            {
                unawaited.Add(storage.Journal.AppendAsync(new StepWritten(Records.Step(executionId, $"s{step}", Start.AddMilliseconds(step)))).AsTask());
                if (step % 10 != 9)
                {
                    continue;
                }

                var end = storage.Journal.AppendAsync(new ExecutionStatusWritten(
                    executionId, ExecutionStatus.Succeeded, new JsonObject { ["last"] = step }, null, Start.AddSeconds(step)));
                if (step % 20 == 19)
                {
                    await end;
                }
                else
                {
                    unawaited.Add(end.AsTask());
                }
            }

            await Task.WhenAll(unawaited);
        })).ToList();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(appenders * (stepsEach + (stepsEach / 10)), storage.Counters.EntriesWritten);
        Assert.Equal(0, storage.Counters.WritesFailed);
        for (var appender = 0; appender < appenders; appender++)
        {
            var steps = await storage.Executions.GetStepsAsync($"e{appender}");
            Assert.Equal(Enumerable.Range(0, stepsEach).Select(step => $"s{step}"), steps.Select(step => step.StepId));
            var execution = await storage.Executions.GetExecutionAsync($"e{appender}");
            Records.AssertJson(new JsonObject { ["last"] = stepsEach - 1 }, execution!.Output);
        }
    }

    [PostgresFact]
    public async Task AppendAsync_ThousandsOfRunsWrittenWholeFromManyThreads_NoneIsLeftUncommitted()
    {
        await using var storage = await OpenStoreAsync();
        const int threads = 8;
        const int runsEach = 250;

        // Each run is awaited before the next (so appenders keep finding the writer idle, or just let go, or busy
        // with the loop), and followed by a step nobody awaits at once, which keeps the loop's queue moving between.
        var appenders = Enumerable.Range(0, threads).Select(thread => Task.Run(async () =>
        {
            var steps = new List<Task>(runsEach);
            for (var run = 0; run < runsEach; run++)
            {
                var id = $"t{thread}-r{run}";
                await storage.Journal.AppendAsync(new ExecutionWritten(
                    Records.Execution(id, Start, status: ExecutionStatus.Running) with { StartedAt = Start },
                    [Records.Step(id, "first", Start)],
                    [],
                    "node-a",
                    Start.AddMinutes(5)));
                steps.Add(storage.Journal.AppendAsync(new StepWritten(Records.Step(id, "second", Start.AddMilliseconds(1)))).AsTask());
            }

            await Task.WhenAll(steps);
        })).ToList();

        // A write left in the queue with nobody to commit it would hang its appender: fail instead.
        await Task.WhenAll(appenders).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(threads * runsEach * 2, storage.Counters.EntriesWritten);
        Assert.Equal(0, storage.Counters.WritesFailed);
        Assert.True(storage.Counters.CommitsByAppenders > 0, "no run was committed by its appender");
        for (var thread = 0; thread < threads; thread++)
        {
            for (var run = 0; run < runsEach; run++)
            {
                var id = $"t{thread}-r{run}";
                Assert.Equal(["first", "second"], (await storage.Executions.GetStepsAsync(id)).Select(step => step.StepId));
            }
        }
    }
}
