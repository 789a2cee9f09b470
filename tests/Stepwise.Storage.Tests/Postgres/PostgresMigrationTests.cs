using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Tests.Migrations;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>The migrations and the migration runner on an empty PostgreSQL database.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresMigrationTests(PostgresServer server) : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 5, 1, 8, 0, 0, TimeSpan.Zero));
    private string database = "";

    public async Task InitializeAsync() => database = await server.CreateDatabaseAsync(migrated: false);

    public Task DisposeAsync() => server.DropDatabaseAsync(database);

    [PostgresFact]
    public async Task UpgradeAsync_ThenDowngradeToBase_ThenUpgradeAgain_LeavesAWorkingSchema()
    {
        await using (var migrator = await PostgresStorage.OpenMigratorAsync(database, time))
        {
            Assert.Equal(0, await migrator.GetCurrentVersionAsync());
            var applied = await migrator.UpgradeAsync();
            Assert.Equal(MigrationCatalog.All.Select(m => m.Version), applied.Select(entry => entry.Version));
            Assert.Equal(
                [
                    "api_keys", "audit_log", "execution_logs", "execution_signals", "executions", "key_fingerprints", "oauth_connections",
                    "org_config", "org_secrets", "organizations", "record_processors", "record_runs", "records",
                    "refresh_tokens", "schedule_state", "schema_migrations", "steps",
                    "user_memberships", "users", "workflow_deletions", "workflow_versions", "workspace_versions",
                ],
                await TablesAsync());

            var reverted = await migrator.DowngradeAsync(0);
            Assert.Equal(MigrationCatalog.All.Select(m => m.Version).Reverse(), reverted.Select(entry => entry.Version));
            Assert.Equal(0, await migrator.GetCurrentVersionAsync());
            Assert.Equal(["schema_migrations"], await TablesAsync());

            await migrator.UpgradeAsync();
            Assert.All(await migrator.GetHistoryAsync(), entry => Assert.Equal(time.GetUtcNow(), entry.AppliedAt));
        }

        await using var storage = await PostgresStorage.OpenAsync(database, time);
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        await storage.Journal.AppendAsync(new LogWritten(new ExecutionLogRecord(
            "e", null, Sdk.ExecutionLogLevel.Info, "hello", null, time.GetUtcNow())));
        Assert.Single(await storage.Executions.GetLogsAsync("e"));
    }

    [PostgresFact]
    public async Task OpenAsync_DatabaseAheadOfTheCode_RefusesNamingBothVersions()
    {
        await (await PostgresStorage.OpenAsync(database, time)).DisposeAsync();
        var future = MigrationCatalog.All[^1].Version + 41;
        await PostgresSql.ExecuteAsync(
            database,
            $"INSERT INTO schema_migrations (version, description, applied_at) VALUES ({future}, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => PostgresStorage.OpenAsync(database, time));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {MigrationCatalog.All[^1].Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("postgres://", error.Message, StringComparison.Ordinal);
        await using var migrator = await PostgresStorage.OpenMigratorAsync(database, time);
        Assert.Equal(future, await migrator.GetCurrentVersionAsync());
        var unknown = (await migrator.GetHistoryAsync())[^1];
        Assert.Equal((future, "from the future", false), (unknown.Version, unknown.Description, unknown.IsKnown));
        await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.DowngradeAsync(0));
    }

    [PostgresFact]
    public async Task UpgradeAsync_FailingMigration_RollsBackItsTablesToo()
    {
        var dialect = CreateDialect();
        var connection = await dialect.OpenWriterConnectionAsync(CancellationToken.None);
        await using var migrator = new SchemaMigrator(
            dialect, connection, new MigrationRunner(dialect, TestMigrations.SecondFails, time, NullLogger.Instance));

        var error = await Assert.ThrowsAsync<StorageException>(() => migrator.UpgradeAsync());

        Assert.Contains("Migration 2 (half of it works)", error.Message, StringComparison.Ordinal);
        Assert.Contains("stays at schema version 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await migrator.GetCurrentVersionAsync());
        Assert.Equal(["schema_migrations", "t1"], await TablesAsync());
    }

    [PostgresFact]
    public async Task UpgradeAsync_ManyMigratorsAtOnce_ApplyEachMigrationOnce()
    {
        var migrators = new List<SchemaMigrator>();
        for (var index = 0; index < 4; index++)
        {
            var dialect = CreateDialect();
            migrators.Add(new SchemaMigrator(
                dialect,
                await dialect.OpenWriterConnectionAsync(CancellationToken.None),
                new MigrationRunner(dialect, TestMigrations.Three, time, NullLogger.Instance)));
        }

        try
        {
            var applied = await Task.WhenAll(migrators.Select(migrator => migrator.UpgradeAsync()));

            Assert.Equal([1, 2, 3], applied.SelectMany(done => done.Select(entry => entry.Version)).Order());
            Assert.Equal(["schema_migrations", "t1", "t2", "t3"], await TablesAsync());
        }
        finally
        {
            foreach (var migrator in migrators)
            {
                await migrator.DisposeAsync();
            }
        }
    }

    private PostgresDialect CreateDialect() =>
        new(NpgsqlDataSource.Create(database), "test database", TimeSpan.FromSeconds(5));

    private Task<List<string>> TablesAsync() => PostgresSql.ColumnAsync<string>(
        database, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
}
