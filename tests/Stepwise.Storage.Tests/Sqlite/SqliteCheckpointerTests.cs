using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>
/// The WAL checkpointer: checkpoints taken on a thread of their own, off the writer's commit path, with the writer's
/// own checkpoint a backstop only. Real files; thresholds small so a few hundred runs cross them many times.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private const int Threshold = 100;

    // Far above what these tests write unless they mean to reach it: a checkpoint on the writer is then a failure.
    private const int NoBackstop = 1_000_000;

    // More frames than one commit of these tests appends (a run's row, its indexes and its audit entry: about a dozen).
    private const int OneCommit = 100;

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Commits_OneAfterAnother_TheCheckpointerCopiesTheWalAndItStartsAgainBelowTheThreshold()
    {
        var path = folder.File("stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(path, time, new WalCheckpointLimits(Threshold, NoBackstop));
        var counters = storage.Checkpoints!;

        // The migrations commit while the first checkpoint copies, which then leaves the last of them in the WAL: the
        // bound holds from the WAL's first start over, once a checkpoint found it whole.
        for (var i = 0; counters.Restarts == 0; i++)
        {
            Assert.True(i < 100, "The WAL never started again.");
            await storage.Executions.CreateExecutionAsync(Records.Execution($"first{i}", Start));
            await WaitForCheckpointerAsync(counters);
        }

        var framesBefore = counters.FramesCommitted;
        var largestWal = 0L;
        for (var i = 0; i < 300; i++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{i}", Start));
            largestWal = Math.Max(largestWal, counters.WalFrames);

            // Lets each checkpoint finish before the next commit, so it finds the whole WAL to copy (under load the
            // writer's backstop finishes what commits made meanwhile; see the backstop test).
            await WaitForCheckpointerAsync(counters);
        }

        Assert.True(counters.Checkpoints >= 5, $"{counters.Checkpoints} checkpoints");
        Assert.True(counters.Restarts >= 5, $"{counters.Restarts} restarts");
        Assert.Equal(0, counters.WriterCheckpoints);
        Assert.Equal(0, counters.CheckpointsFailed);
        Assert.InRange(largestWal, 1, Threshold + OneCommit);

        // Without a checkpoint the WAL would hold every frame committed: several times what it grew to.
        var committed = counters.FramesCommitted - framesBefore;
        Assert.True(committed > 4 * largestWal, $"{committed} frames committed, WAL at most {largestWal}");
        Assert.InRange(counters.FramesCheckpointed, 1, counters.FramesCommitted);
    }

    [Fact]
    public async Task Commits_FromManyWritersAtOnce_AreAllReadableAndSurviveReopening()
    {
        var path = folder.File("stepwise.db");
        const int Writers = 16;
        const int RunsEach = 40;
        await using (var storage = await SqliteStorage.OpenAsync(path, time, new WalCheckpointLimits(20, NoBackstop)))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < RunsEach; i++)
                {
                    var id = $"w{writer}-{i}";
                    await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start));
                    await storage.Journal.AppendAsync(new StepWritten(Records.Step(id, "a", Start)));
                }
            })));

            Assert.True(storage.Checkpoints!.Checkpoints > 0);
            Assert.Equal(0, storage.Checkpoints.CheckpointsFailed);
            for (var writer = 0; writer < Writers; writer++)
            {
                Assert.NotNull(await storage.Executions.GetExecutionAsync($"w{writer}-{RunsEach - 1}"));
                Assert.Single(await storage.Executions.GetStepsAsync($"w{writer}-0"));
            }
        }

        await using var reopened = await SqliteStorage.OpenAsync(path, time);
        await using var connection = await SqliteStorageTests.OpenAsync(path);
        Assert.Equal((long)Writers * RunsEach, await ScalarAsync(connection, "SELECT COUNT(*) FROM executions"));
        Assert.Equal((long)Writers * RunsEach, await ScalarAsync(connection, "SELECT COUNT(*) FROM steps"));
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Commits_InBatchesUnderLoad_KeepTheWalWithinTheBackstop()
    {
        var path = folder.File("stepwise.db");
        const int Backstop = 200;
        await using var storage = await SqliteStorage.OpenAsync(path, time, new WalCheckpointLimits(50, Backstop));

        // Sixteen writers at once: commits are batches of several runs (about a frame each), and go on while each
        // checkpoint copies.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 300; i++)
            {
                await storage.Executions.CreateExecutionAsync(Records.Execution($"w{writer}-{i}", Start));
            }
        })));

        // The WAL passes the backstop by what commits append while a pass of the checkpointer holds the checkpoint
        // lock (the writer's checkpoint is busy meanwhile), which depends on the machine: what it cannot do is keep
        // every frame committed, as it would without checkpoints.
        var counters = storage.Checkpoints!;
        Assert.True(counters.Restarts >= 3, $"{counters.Restarts} restarts");
        Assert.True(counters.Checkpoints > 0);
        Assert.True(counters.FramesCommitted > 3 * counters.LargestWal, $"{counters.FramesCommitted} frames committed, WAL at most {counters.LargestWal}");

        // The file is as long as the most frames the WAL held: restarts write over it from its start.
        Assert.InRange(new FileInfo(path + "-wal").Length, 1, WalFileBytes((int)counters.LargestWal + OneCommit, await PageSizeAsync(path)));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("w15-299"));
    }

    [Fact]
    public async Task Commits_WithTheCheckpointerStopped_TheWriterCheckpointsAtTheBackstopAndTheWalStaysBounded()
    {
        var path = folder.File("stepwise.db");
        const int Backstop = 300;
        var checkpointer = new SqliteCheckpointer(path, new WalCheckpointLimits(Threshold, Backstop), NullLogger.Instance);
        var dialect = new SqliteDialect(path, TimeSpan.FromSeconds(10), checkpointer);
        await using var storage = await StepwiseStorage.OpenAsync(dialect, time, null, new StorageOptions(), CancellationToken.None);

        // As if its thread had died: nothing copies the WAL but the writer.
        await checkpointer.DisposeAsync();
        for (var i = 0; i < 300; i++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{i}", Start));
        }

        var counters = storage.Checkpoints!;
        Assert.True(counters.WriterCheckpoints > 0);
        Assert.True(counters.Restarts > 0);
        Assert.InRange(counters.LargestWal, Backstop, Backstop + OneCommit);
        Assert.True(counters.FramesCommitted > 2 * counters.LargestWal, $"{counters.FramesCommitted} frames committed, WAL at most {counters.LargestWal}");
        Assert.InRange(new FileInfo(path + "-wal").Length, 1, WalFileBytes(Backstop + OneCommit, await PageSizeAsync(path)));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("e299"));
    }

    [Fact]
    public async Task Commits_WhileAReaderHoldsAnOldSnapshot_AllSucceedAndTheWalStartsAgainOnceItLetsGo()
    {
        var path = folder.File("stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(path, time, new WalCheckpointLimits(Threshold, NoBackstop));
        var counters = storage.Checkpoints!;
        await storage.Executions.CreateExecutionAsync(Records.Execution("before", Start));

        // A read transaction keeps the snapshot it began with: no checkpoint may copy past it, so the WAL cannot start again.
        var reader = await SqliteStorageTests.OpenAsync(path);
        using (var begin = reader.CreateCommand())
        {
            begin.CommandText = "BEGIN; SELECT COUNT(*) FROM executions;";
            Assert.Equal(1L, await begin.ExecuteScalarAsync());
        }

        var restartsBefore = counters.Restarts;
        for (var i = 0; i < 200; i++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"held{i}", Start));
            await WaitForCheckpointerAsync(counters);
        }

        Assert.Equal(restartsBefore, counters.Restarts);
        Assert.True(counters.Checkpoints > 0);
        Assert.True(counters.LargestWal > 2 * Threshold, $"WAL at most {counters.LargestWal}");
        Assert.Equal(0, counters.CheckpointsFailed);
        Assert.Equal(1L, await ScalarAsync(reader, "SELECT COUNT(*) FROM executions"));

        await SqliteStorageTests.ExecuteAsync(reader, "COMMIT;");
        await reader.DisposeAsync();
        for (var i = 0; i < 200 && counters.Restarts == restartsBefore; i++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"after{i}", Start));
            await WaitForCheckpointerAsync(counters);
        }

        Assert.True(counters.Restarts > restartsBefore);
        Assert.Equal(0, counters.WriterCheckpoints);
        Assert.NotNull(await storage.Executions.GetExecutionAsync("held199"));
    }

    [Fact]
    public async Task DisposeAsync_StopsTheCheckpointerAndLeavesNoWalBehind()
    {
        var path = folder.File("stepwise.db");
        var checkpointer = new SqliteCheckpointer(path, new WalCheckpointLimits(20, NoBackstop), NullLogger.Instance);
        var dialect = new SqliteDialect(path, TimeSpan.FromSeconds(10), checkpointer);
        var storage = await StepwiseStorage.OpenAsync(dialect, time, null, new StorageOptions(), CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{i}", Start));
        }

        Assert.True(checkpointer.IsRunning);
        await storage.DisposeAsync();

        Assert.False(checkpointer.IsRunning);
        await checkpointer.DisposeAsync();

        // As before the checkpointer: the last connection to close copies the WAL into the file and deletes it.
        Assert.False(File.Exists(path + "-wal"));
        await using var connection = await SqliteStorageTests.OpenAsync(path);
        Assert.Equal(50L, await ScalarAsync(connection, "SELECT COUNT(*) FROM executions"));
    }

    [Theory]
    [InlineData(0, 10, "checkpointerFrames")]
    [InlineData(100, 100, "writerFrames")]
    [InlineData(100, 50, "writerFrames")]
    public void Limits_ThatCannotWork_AreRefusedWithTheReason(int checkpointerFrames, int writerFrames, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WalCheckpointLimits(checkpointerFrames, writerFrames));
        Assert.Equal(parameter, error.ParamName);
    }

    /// <summary>Waits until every wake-up of the checkpointer so far has been handled: a wait, not a measure of speed.</summary>
    private static async Task WaitForCheckpointerAsync(WalCheckpointCounters counters)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (counters.Checkpoints + counters.CheckpointsFailed < counters.WakeUps)
        {
            Assert.True(DateTime.UtcNow < deadline, "The checkpointer did not finish its checkpoint.");
            await Task.Delay(1);
        }
    }

    // A WAL file is a 32-byte header, then frames of a 24-byte header and a page each.
    private static long WalFileBytes(int frames, long pageSize) => 32 + frames * (24 + pageSize);

    private static async Task<long> PageSizeAsync(string path)
    {
        await using var connection = await SqliteStorageTests.OpenAsync(path);
        return await ScalarAsync(connection, "PRAGMA page_size;");
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
