using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Diagnostics;

/// <summary>The probes and counts /health and /metrics read, on a real SQLite file.</summary>
public sealed class StorageDiagnosticsTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task ProbeAsync_OpenDatabase_ReadsTheSchemaVersionOnAFreshConnection()
    {
        await using var storage = await SqliteStorage.OpenAsync(Path.Combine(folder.Path, "stepwise.db"), time);
        var before = storage.Diagnostics.Connections.ReadersOpenedTotal;

        var probe = await storage.Diagnostics.ProbeAsync();

        Assert.Equal(MigrationCatalog.All[^1].Version, probe.SchemaVersion);
        Assert.False(probe.IsBehind || probe.IsAhead);
        Assert.Equal(before + 1, storage.Diagnostics.Connections.ReadersOpenedTotal);
        Assert.Equal(0, storage.Diagnostics.Connections.ReadersInUse);
    }

    [Fact]
    public async Task ProbeAsync_FileMovedAway_ThrowsUntilItIsBack()
    {
        var path = Path.Combine(folder.Path, "stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(path, time);
        await storage.Organizations.ListAsync();

        File.Move(path, path + ".aside");
        var error = await Assert.ThrowsAnyAsync<StorageException>(() => storage.Diagnostics.ProbeAsync());
        File.Move(path + ".aside", path);
        var probe = await storage.Diagnostics.ProbeAsync();

        Assert.Contains("a database file cannot be opened (SQLITE_CANTOPEN)", error.Message, StringComparison.Ordinal);
        Assert.Equal(MigrationCatalog.All[^1].Version, probe.SchemaVersion);
    }

    [Fact]
    public async Task CountQueueAsync_RunsByStatus_CountsUnfinishedOnly()
    {
        await using var storage = await SqliteStorage.OpenAsync(Path.Combine(folder.Path, "stepwise.db"), time);
        var now = time.GetUtcNow();
        await storage.Executions.CreateExecutionAsync(Records.Execution("a", now));
        await storage.Executions.CreateExecutionAsync(Records.Execution("b", now));
        await storage.Executions.CreateExecutionAsync(Records.Execution("c", now, status: ExecutionStatus.Running));
        await storage.Executions.CreateExecutionAsync(Records.Execution("d", now, status: ExecutionStatus.Succeeded));

        var counts = await storage.Diagnostics.CountQueueAsync();

        Assert.Equal((2L, 1L, 0L), (counts.Pending, counts.Running, counts.Compensating));
        Assert.Equal(3, counts.Total);
    }

    [Fact]
    public async Task Connections_SqliteStore_OneWriterNoLimit()
    {
        await using var storage = await SqliteStorage.OpenAsync(Path.Combine(folder.Path, "stepwise.db"), time);

        var stats = storage.Diagnostics.Connections;

        Assert.Equal("sqlite", stats.Engine);
        Assert.Null(stats.MaxConnections);
        Assert.Equal(1, stats.WriterConnections);
        Assert.Equal(1, stats.OpenConnections);
        Assert.Equal(0, stats.InUse);
        Assert.Equal(1, stats.Idle);
    }

    [Fact]
    public async Task CountSchedulesAsync_NoSchedules_ZeroAndNoLastFire()
    {
        await using var storage = await SqliteStorage.OpenAsync(Path.Combine(folder.Path, "stepwise.db"), time);

        var counts = await storage.Diagnostics.CountSchedulesAsync();

        Assert.Equal(0, counts.Tracked);
        Assert.Null(counts.LastFiredAt);
    }
}
