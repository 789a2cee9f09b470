using System.Collections.Concurrent;
using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task AppendAsync_ManyConcurrentWriters_CommitsInFarFewerBatchesThanEntries()
    {
        await using var storage = await OpenStoreAsync();
        const int writers = 16;
        const int perWriter = 200;
        for (var writer = 0; writer < writers; writer++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{writer}", Start));
        }

        var batchesBefore = storage.Counters.BatchesCommitted;
        var completedBeforeCommit = new ConcurrentBag<string>();
        var appends = new List<Task>();
        for (var writer = 0; writer < writers; writer++)
        {
            for (var step = 0; step < perWriter; step++)
            {
                var entry = new StepWritten(Records.Step($"e{writer}", $"s{step}", Start.AddMilliseconds(step)));
                var entryNumber = (writer * perWriter) + step + 1;
                appends.Add(storage.Journal.AppendAsync(entry).AsTask().ContinueWith(
                    completed =>
                    {
                        // Counters move right after a commit and before any task of that batch completes.
                        if (completed.IsCompletedSuccessfully && storage.Counters.EntriesWritten < entryNumber)
                        {
                            completedBeforeCommit.Add(entry.Step.StepId);
                        }

                        return completed;
                    },
                    TaskScheduler.Default).Unwrap());
            }
        }

        await Task.WhenAll(appends);

        const int total = writers * perWriter;
        var batches = storage.Counters.BatchesCommitted - batchesBefore;
        Assert.Equal(total, storage.Counters.EntriesWritten);
        Assert.Empty(completedBeforeCommit);
        Assert.InRange(batches, 1, total / 10);
        Assert.True(storage.Counters.LargestBatch > 10, $"largest batch was {storage.Counters.LargestBatch}");
        for (var writer = 0; writer < writers; writer++)
        {
            var steps = await storage.Executions.GetStepsAsync($"e{writer}");
            Assert.Equal(Enumerable.Range(0, perWriter).Select(step => $"s{step}"), steps.Select(step => step.StepId));
        }
    }

    [PostgresFact]
    public async Task AppendAsync_ChangesOfOneAttemptWithoutWaiting_AppliesThemInAppendOrder()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var statuses = new[] { StepStatus.Pending, StepStatus.Running, StepStatus.Failed, StepStatus.Skipped };
        var appends = new List<Task>();
        for (var round = 0; round < 250; round++)
        {
            foreach (var status in statuses)
            {
                appends.Add(storage.Journal.AppendAsync(
                    new StepWritten(Records.Step("e", "flaky", Start, status: status) with { Error = $"round {round}" })).AsTask());
            }
        }

        await Task.WhenAll(appends);
        var step = Assert.Single(await storage.Executions.GetStepsAsync("e"));

        Assert.Equal(StepStatus.Skipped, step.Status);
        Assert.Equal("round 249", step.Error);
    }

    [PostgresFact]
    public async Task AppendAsync_OneBadEntryAmongGoodOnes_FailsOnlyThatCaller()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var good = Enumerable.Range(0, 50)
            .Select(index => storage.Journal.AppendAsync(new StepWritten(Records.Step("e", $"s{index}", Start))).AsTask())
            .ToList();
        var bad = storage.Journal.AppendAsync(new StepWritten(Records.Step("ghost", "s0", Start))).AsTask();
        good.AddRange(Enumerable.Range(50, 50)
            .Select(index => storage.Journal.AppendAsync(new StepWritten(Records.Step("e", $"s{index}", Start))).AsTask()));

        var error = await Assert.ThrowsAsync<StorageNotFoundException>(() => bad);
        await Task.WhenAll(good);

        Assert.Contains("step 's0' of execution 'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(100, (await storage.Executions.GetStepsAsync("e")).Count);
        Assert.Empty(await storage.Executions.GetStepsAsync("ghost"));
        Assert.Equal(1, storage.Counters.WritesFailed);
    }

    [PostgresFact]
    public async Task AppendAsync_RightAfterAnUnawaitedCreate_IsWrittenAfterTheRunExists()
    {
        await using var storage = await OpenStoreAsync();

        var create = storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var step = storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "first", Start))).AsTask();
        var claim = storage.Executions.TryClaimAsync("e", "node-a", Start.AddMinutes(1));
        await Task.WhenAll(create, step, claim);

        Assert.True(await claim);
        Assert.Single(await storage.Executions.GetStepsAsync("e"));
    }

    [PostgresFact]
    public async Task AppendAsync_CancelledBeforeQueueing_ThrowsAndWritesNothing()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "s", Start)), cancelled.Token));

        Assert.Empty(await storage.Executions.GetStepsAsync("e"));
        Assert.Equal(0, storage.Counters.EntriesWritten);
    }

    [PostgresFact]
    public async Task AppendAsync_Awaited_IsVisibleToReadersAtOnce()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "only", Start)));

        Assert.Single(await storage.Executions.GetStepsAsync("e"));
        Assert.Equal(1, storage.Counters.EntriesWritten);
    }

    [PostgresFact]
    public async Task DisposeAsync_WithAppendsPending_FlushesThemAndTheyOutliveReopen()
    {
        var first = await OpenStoreAsync(new StorageOptions { MaxBatchSize = 7 });
        await first.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        await first.Workflows.SaveVersionAsync("default", "orders", "name: orders");
        var appends = Enumerable.Range(0, 500)
            .Select(index => first.Journal.AppendAsync(new StepWritten(Records.Step("e", $"s{index}", Start))).AsTask())
            .ToList();
        appends.Add(first.Journal.AppendAsync(
            new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, null, null, Start.AddMinutes(1))).AsTask());

        await first.DisposeAsync();

        await Task.WhenAll(appends);
        await using var second = await OpenStoreAsync();
        var execution = await second.Executions.GetExecutionAsync("e");
        Assert.NotNull(execution);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(500, (await second.Executions.GetStepsAsync("e")).Count);
        Assert.Equal(1, (await second.Workflows.GetLatestAsync("default", "orders"))?.Version);
        Assert.Equal(7, first.Counters.LargestBatch);
    }

    [PostgresFact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var storage = await OpenStoreAsync();
        await storage.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(
            async () => await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "late", Start))));
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => storage.Executions.CreateExecutionAsync(Records.Execution("late", Start)));
    }
}
