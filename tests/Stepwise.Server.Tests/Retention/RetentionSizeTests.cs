using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Sdk;

namespace Stepwise.Server.Tests.Retention;

/// <summary>A database that keeps receiving runs stays the same size under retention: purged pages go back to the disk.</summary>
public sealed class RetentionSizeTests
{
    private const int Rounds = 200;
    private const int RunsPerRound = 1000;

    // A round of 1,000 runs (row, 300-byte log line, indexes) takes about 0.75 MB (measured 766 KB at most), and each
    // purge takes the whole round, so 2 MB is two and a half rounds; 200,000 runs kept would be some 150 MB.
    private const long MaxDatabaseBytes = 2L * 1024 * 1024;

    // The WAL file keeps its high-water mark. Under unbroken writes it starts again once the checkpointer's passes
    // have caught up, at the latest at the writer's backstop of 4,000 frames (WalCheckpointLimits: 4,000 x 4,120
    // bytes, 16.5 MB) plus the group-commit transaction that crossed it (measured 16.7 MB).
    private const long MaxWalBytes = 18L * 1024 * 1024;

    // With nothing left, the checkpointed file is the empty schema: 70 pages of 4 KB (280 KB) at schema 10, which
    // added the records, signals and key fingerprint tables and their indexes. Without the pages given back it would
    // keep its high-water mark of about 750 KB.
    private const long MaxEmptyDatabaseBytes = 384L * 1024;

    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task RunOnceAsync_TwoHundredThousandRunsUnderOneMinuteRetention_DatabaseStaysBounded()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        var job = store.CreateJob(new RetentionOptions { Retention = TimeSpan.FromMinutes(1) }, time);
        var line = new string('x', 300);
        var largestDatabase = 0L;
        var largestWal = 0L;
        var purged = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var finishedAt = time.GetUtcNow();
            await Task.WhenAll(Enumerable.Range(0, RunsPerRound).Select(async i =>
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"run-{round}-{i}");
                await store.CreateAsync(id, finishedAt);
                await store.Storage.Journal.AppendAsync(new LogWritten(
                    new ExecutionLogRecord(id, "s1", ExecutionLogLevel.Info, line, null, finishedAt)));
                await store.Storage.Journal.AppendAsync(
                    new ExecutionStatusWritten(id, ExecutionStatus.Succeeded, null, null, finishedAt));
            }));
            largestDatabase = Math.Max(largestDatabase, new FileInfo(store.Path).Length);
            time.Advance(TimeSpan.FromSeconds(61));
            purged += await job.RunOnceAsync(CancellationToken.None);
            largestDatabase = Math.Max(largestDatabase, new FileInfo(store.Path).Length);
            largestWal = Math.Max(largestWal, new FileInfo(store.Path + "-wal").Length);
        }

        Assert.Equal(Rounds * RunsPerRound, purged);
        Assert.True(largestDatabase < MaxDatabaseBytes, $"the database file reached {largestDatabase} bytes");
        Assert.True(largestWal < MaxWalBytes, $"the WAL file reached {largestWal} bytes");
        await using var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = store.Path, Pooling = false }.ToString());
        await connection.OpenAsync();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
        var emptied = new FileInfo(store.Path).Length;
        Assert.True(emptied < MaxEmptyDatabaseBytes, $"the emptied database file is {emptied} bytes");
    }
}
