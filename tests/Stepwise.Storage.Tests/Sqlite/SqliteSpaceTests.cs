using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Sdk;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>SQLite gives the space of purged runs back: new files use incremental auto-vacuum and a purge runs it.</summary>
public sealed class SqliteSpaceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task OpenAsync_NewDatabase_UsesIncrementalAutoVacuum()
    {
        var path = Path.Combine(folder.Path, "stepwise.db");
        await using (await SqliteStorage.OpenAsync(path, time))
        {
        }

        await using var connection = await SqliteStorageTests.OpenAsync(path);
        Assert.Equal(2L, await PragmaAsync(connection, "auto_vacuum")); // 2 = INCREMENTAL
    }

    [Fact]
    public async Task PurgeAsync_ManyRunsWithLogs_GivesTheFreedPagesBack()
    {
        var path = Path.Combine(folder.Path, "stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(path, time);
        var line = new string('x', 2000);
        const int count = 1200;
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"run-{i}");
            await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start));
            await storage.Journal.AppendAsync(new LogWritten(
                new ExecutionLogRecord(id, "s1", ExecutionLogLevel.Info, line, null, Start.AddSeconds(1))));
            await storage.Journal.AppendAsync(new ExecutionStatusWritten(id, ExecutionStatus.Succeeded, null, null, Start.AddSeconds(2)));
        }));
        await using var connection = await SqliteStorageTests.OpenAsync(path);
        var pagesBefore = await PragmaAsync(connection, "page_count");

        Assert.Equal(count, await storage.Admin.PurgeAsync(new PurgeQuery("default", ExecutionStatus.Succeeded, Start.AddMinutes(1))));

        var pagesAfter = await PragmaAsync(connection, "page_count");
        Assert.Equal(0L, await PragmaAsync(connection, "freelist_count"));
        // 1,200 log lines of 2 KB fill at least 600 pages of 4 KB; the empty schema is a few dozen.
        Assert.True(pagesBefore > 600, $"{pagesBefore} pages before the purge");
        Assert.True(pagesAfter < 100, $"{pagesAfter} pages after the purge (from {pagesBefore})");
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
