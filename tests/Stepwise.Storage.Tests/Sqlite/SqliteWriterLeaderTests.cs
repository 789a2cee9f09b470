using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>
/// The writer's group-commit leader on SQLite, whose API is synchronous under the async one: an appender that finds
/// the writer idle commits its run's end on its own thread, before <c>AppendAsync</c> returns.
/// </summary>
public sealed class SqliteWriterLeaderTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task AppendAsync_RunEndWithTheWriterIdle_IsCommittedWhenAppendReturns()
    {
        await using var storage = await SqliteStorage.OpenAsync(folder.File("stepwise.db"), time);
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var threadBefore = Environment.CurrentManagedThreadId;

        var append = storage.Journal.AppendAsync(
            new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, new JsonObject { ["ok"] = true }, null, Start.AddSeconds(1)));

        // Complete on return: committed on this thread, with no hop to the writer's loop and back.
        Assert.True(append.IsCompletedSuccessfully);
        Assert.Equal(threadBefore, Environment.CurrentManagedThreadId);
        Assert.Equal(1, storage.Counters.CommitsByAppenders);
        await append;
        Assert.Equal(ExecutionStatus.Succeeded, (await storage.Executions.GetExecutionAsync("e"))!.Status);
    }

    [Fact]
    public async Task AppendAsync_RunEndWhileTheLoopCommits_IsQueuedAndCommittedAfterTheEarlierWrites()
    {
        var path = folder.File("stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(
            path, time, options: new StorageOptions { BusyTimeout = TimeSpan.FromSeconds(30) });
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        await using var blocker = await SqliteStorageTests.OpenAsync(path);
        await SqliteStorageTests.ExecuteAsync(blocker, "BEGIN IMMEDIATE;");

        // The loop takes the step and waits for the lock; the run's end, appended after, must not overtake it.
        var step = storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "a", Start))).AsTask();
        var end = storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, null, null, Start.AddSeconds(1)));
        Assert.False(end.IsCompleted);
        await SqliteStorageTests.ExecuteAsync(blocker, "ROLLBACK;");
        await Task.WhenAll(step, end.AsTask());

        Assert.Equal(0, storage.Counters.CommitsByAppenders);
        Assert.Equal(ExecutionStatus.Succeeded, (await storage.Executions.GetExecutionAsync("e"))!.Status);
        Assert.Single(await storage.Executions.GetStepsAsync("e"));
    }

    [Fact]
    public async Task DisposeAsync_WhileALeaderCommits_WaitsForItAndCommitsWhatQueuedBehindIt()
    {
        var path = folder.File("stepwise.db");
        var storage = await SqliteStorage.OpenAsync(path, time, options: new StorageOptions { BusyTimeout = TimeSpan.FromSeconds(30) });
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        await storage.Executions.CreateExecutionAsync(Records.Execution("f", Start));
        await using var blocker = await SqliteStorageTests.OpenAsync(path);
        await SqliteStorageTests.ExecuteAsync(blocker, "BEGIN IMMEDIATE;");

        // The leader commits on its own thread and waits there for the database's write lock.
        using var appending = new ManualResetEventSlim();
        var leader = Task.Factory.StartNew(
            () =>
            {
                appending.Set();
                return storage.Journal.AppendAsync(
                    new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, null, null, Start.AddSeconds(1))).AsTask();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();
        appending.Wait();
        await Task.Delay(200);
        var queued = Enumerable.Range(0, 20)
            .Select(index => storage.Journal.AppendAsync(new StepWritten(Records.Step("f", $"s{index}", Start))).AsTask())
            .ToList();

        var disposing = storage.DisposeAsync().AsTask();
        await Task.Delay(200);
        Assert.False(leader.IsCompleted);
        Assert.False(disposing.IsCompleted);
        await SqliteStorageTests.ExecuteAsync(blocker, "ROLLBACK;");
        await Task.WhenAll(leader, disposing, Task.WhenAll(queued)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, storage.Counters.CommitsByAppenders);
        Assert.Equal(21, storage.Counters.EntriesWritten);
        await using var reopened = await SqliteStorage.OpenAsync(path, time);
        Assert.Equal(ExecutionStatus.Succeeded, (await reopened.Executions.GetExecutionAsync("e"))!.Status);
        Assert.Equal(20, (await reopened.Executions.GetStepsAsync("f")).Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await storage.Journal.AppendAsync(
            new ExecutionStatusWritten("f", ExecutionStatus.Succeeded, null, null, Start.AddSeconds(2))));
    }
}
