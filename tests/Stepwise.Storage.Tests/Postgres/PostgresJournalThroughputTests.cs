using System.Diagnostics;
using Stepwise.Core.Storage;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>The group commit on PostgreSQL under many appenders: everything lands, in far fewer batches than entries.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresJournalThroughputTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private string database = "";

    public async Task InitializeAsync() => database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(database);

    [PostgresFact]
    public async Task AppendAsync_32AppendersOf500Entries_WritesAll16000InGroupCommits()
    {
        const int appenders = 32;
        const int perAppender = 500;
        await using var storage = await PostgresStorage.OpenAsync(database, TimeProvider.System);
        for (var appender = 0; appender < appenders; appender++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{appender}", Start));
        }

        var batchesBefore = storage.Counters.BatchesCommitted;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(async appender =>
        {
            for (var step = 0; step < perAppender; step++)
            {
                await storage.Journal.AppendAsync(
                    new StepWritten(Records.Step($"e{appender}", $"s{step}", Start.AddMilliseconds(step))));
            }
        }));
        watch.Stop();

        var batches = storage.Counters.BatchesCommitted - batchesBefore;
        output.WriteLine($"{appenders * perAppender:N0} entries from {appenders} appenders in {watch.Elapsed.TotalSeconds:F2} s, " +
            $"{batches:N0} batches, largest {storage.Counters.LargestBatch}");
        Assert.Equal(appenders * perAppender, storage.Counters.EntriesWritten);
        Assert.InRange(batches, 1, appenders * perAppender / 4);
        foreach (var appender in new[] { 0, appenders - 1 })
        {
            Assert.Equal(perAppender, (await storage.Executions.GetStepsAsync($"e{appender}")).Count);
        }
    }
}
