using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Migrations;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task UpgradeAsync_ThenDowngradeToBase_ThenUpgradeAgain_LeavesAWorkingSchema()
    {
        var path = folder.File("stepwise.db");
        await using (var migrator = await SqliteStorage.OpenMigratorAsync(path, time))
        {
            Assert.Equal(0, await migrator.GetCurrentVersionAsync());
            var applied = await migrator.UpgradeAsync();
            Assert.Equal(MigrationCatalog.All.Select(m => m.Version), applied.Select(entry => entry.Version));
            Assert.Equal(migrator.LatestVersion, await migrator.GetCurrentVersionAsync());

            var reverted = await migrator.DowngradeAsync(0);
            Assert.Equal(MigrationCatalog.All.Select(m => m.Version).Reverse(), reverted.Select(entry => entry.Version));
            Assert.Equal(0, await migrator.GetCurrentVersionAsync());
            await using (var connection = await SqliteStorageTests.OpenAsync(path))
            {
                Assert.Equal(["schema_migrations"], await SqliteStorageTests.TablesAsync(connection));
            }

            await migrator.UpgradeAsync();
            Assert.All(await migrator.GetHistoryAsync(), entry => Assert.Equal(time.GetUtcNow(), entry.AppliedAt));
        }

        await using var storage = await SqliteStorage.OpenAsync(path, time);
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("e"));
    }

    [Fact]
    public async Task UpgradeAsync_ToTarget_AppliesOnlyUpToIt_AndDowngradeStepsBack()
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.Three);

        await runner.UpgradeAsync(2);
        Assert.Equal(2, await runner.CurrentAsync());
        Assert.Equal(["schema_migrations", "t1", "t2"], await runner.TablesAsync());
        var history = await runner.HistoryAsync();
        Assert.Equal([true, true, false], history.Select(entry => entry.AppliedAt is not null));
        Assert.Equal("create t3", history[2].Description);

        await runner.UpgradeAsync(null);
        Assert.Equal(3, await runner.CurrentAsync());
        await runner.DowngradeAsync(1);
        Assert.Equal(["schema_migrations", "t1"], await runner.TablesAsync());
        Assert.Empty(await runner.UpgradeAsync(1));
    }

    [Fact]
    public async Task UpgradeAsync_FailingMigration_RollsItBackAndNamesIt()
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.SecondFails);

        var error = await Assert.ThrowsAsync<StorageException>(() => runner.UpgradeAsync(null));

        Assert.Contains("Migration 2 (half of it works)", error.Message, StringComparison.Ordinal);
        Assert.Contains("stays at schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await runner.CurrentAsync());
        Assert.Equal(["schema_migrations", "t1"], await runner.TablesAsync());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public async Task UpgradeAsync_TargetOutsideTheCatalog_ThrowsNamingTheRange(int target)
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.Three);

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => runner.UpgradeAsync(target));

        Assert.Contains($"Schema version {target} does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 (empty) to 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeAsync_TargetBelowCurrent_ThrowsPointingToDowngrade()
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.Three);
        await runner.UpgradeAsync(3);

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => runner.UpgradeAsync(1));

        Assert.Contains("use a downgrade", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await runner.CurrentAsync());
    }

    [Fact]
    public async Task UpgradeAsync_HistoryWithAGap_RefusesNamingTheMissingVersion()
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.Three);
        await runner.UpgradeAsync(3);
        await runner.ExecuteAsync("DELETE FROM schema_migrations WHERE version = 2");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => runner.DowngradeAsync(0));

        Assert.Contains("lacks version(s) 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpgradeAsync_NumberReservedElsewhere_SkipsItBothWays()
    {
        await using var runner = await OpenRunnerAsync(TestMigrations.WithAGap);

        var applied = await runner.UpgradeAsync(null);
        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => runner.UpgradeAsync(3));
        var reverted = await runner.DowngradeAsync(0);

        Assert.Equal([1, 2, 4], applied.Select(entry => entry.Version));
        Assert.Contains("0 (empty) to 4 (0, 1, 2, 4)", error.Message, StringComparison.Ordinal);
        Assert.Equal([4, 2, 1], reverted.Select(entry => entry.Version));
    }

    [Fact]
    public void Constructor_MigrationsOutOfOrder_ThrowsNamingThePosition()
    {
        var error = Assert.Throws<ArgumentException>(() => new MigrationRunner(
            new SqliteDialect(folder.File("x.db"), TimeSpan.FromSeconds(1)),
            [TestMigrations.Three[1], TestMigrations.Three[0]],
            time,
            NullLogger.Instance));

        Assert.Contains("position 1 holds version 2", error.Message, StringComparison.Ordinal);
    }

    private async Task<RunnerFixture> OpenRunnerAsync(IReadOnlyList<Migration> migrations)
    {
        var dialect = new SqliteDialect(folder.File("runner.db"), TimeSpan.FromSeconds(1));
        var connection = await dialect.OpenWriterConnectionAsync(CancellationToken.None);
        return new RunnerFixture(dialect, connection, new MigrationRunner(dialect, migrations, time, NullLogger.Instance));
    }
}
