using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>What only PostgreSQL does: several processes on one database, locks, lost connections, NOTIFY.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed partial class PostgresStorageTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly List<StepwiseStorage> opened = [];
    private string database = "";

    public async Task InitializeAsync() => database = await server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var storage in opened)
        {
            await storage.DisposeAsync();
        }

        await server.DropDatabaseAsync(database);
    }

    [PostgresFact]
    public async Task OpenAsync_Url_DescribesTheDatabaseWithoutThePassword()
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var url = $"postgres://{builder.Username}:s%40cret@{builder.Host}:{builder.Port}/{builder.Database}";

        var storage = await OpenAsync(url);

        Assert.Equal($"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}", storage.Location);
        Assert.Equal(MigrationCatalog.All[^1].Version, storage.SchemaVersion);
    }

    [PostgresFact]
    public async Task DatabaseUrl_PostgresUrl_OpensPostgresStorage()
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        var url = DatabaseUrl.Parse($"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");

        await using var storage = await url.OpenAsync(time);
        await using var migrator = await url.OpenMigratorAsync(time);

        Assert.Equal(url.Description, storage.Location);
        Assert.Equal(MigrationCatalog.All[^1].Version, await migrator.GetCurrentVersionAsync());
    }

    [PostgresFact]
    public async Task OpenAsync_SmallPool_ManyConcurrentReadsWaitTheirTurnWithinTheLimit()
    {
        var storage = await OpenAsync(database, new StorageOptions { MaxConnections = 3 });
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        await storage.WorkSignal.WaitAsync();

        var reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => storage.Executions.GetExecutionAsync("e")));
        var connections = await PostgresSql.ColumnAsync<long>(database, """
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'stepwise'
            """);

        Assert.All(reads, read => Assert.Equal("e", read?.Id));
        Assert.InRange(connections[0], 2, 3);
    }

    [PostgresFact]
    public async Task OpenAsync_FreshDatabaseFromManyProcessesAtOnce_MigratesOnce()
    {
        var fresh = await server.CreateDatabaseAsync(migrated: false);
        try
        {
            var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresStorage.OpenAsync(fresh, time)));
            opened.AddRange(stores);

            var versions = await PostgresSql.ColumnAsync<int>(fresh, "SELECT version FROM schema_migrations ORDER BY version");
            Assert.Equal(MigrationCatalog.All.Select(m => m.Version), versions);
            Assert.All(stores, store => Assert.Equal(MigrationCatalog.All[^1].Version, store.SchemaVersion));
            foreach (var store in opened)
            {
                await store.DisposeAsync();
            }
        }
        finally
        {
            await server.DropDatabaseAsync(fresh);
        }
    }

    [PostgresFact]
    public async Task OpenAsync_Schema_UsesBigintTimesBooleanFlagsByteOrderKeysAndTheSameIndexesAsSqlite()
    {
        await OpenAsync(database);

        var columns = await PostgresSql.ColumnAsync<string>(database, """
            SELECT table_name || '.' || column_name || ':' || data_type || COALESCE(' ' || collation_name, '')
            FROM information_schema.columns
            WHERE table_schema = 'public' AND column_name IN
                ('created_at', 'lease_until', 'params', 'id', 'priority', 'is_active', 'is_platform_admin',
                 'last_fired_at', 'trigger_id')
            ORDER BY 1
            """);
        var indexes = await PostgresSql.ColumnAsync<string>(database, """
            SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'i%' ORDER BY 1
            """);

        Assert.Equal(
            [
                "api_keys.created_at:bigint", "api_keys.id:text C", "api_keys.is_platform_admin:boolean",
                "audit_log.id:text C", "execution_logs.id:bigint", "executions.created_at:bigint", "executions.id:text C",
                "executions.lease_until:bigint", "executions.params:text", "executions.priority:integer",
                "oauth_connections.created_at:bigint", "org_config.created_at:bigint", "org_secrets.created_at:bigint",
                "organizations.created_at:bigint", "organizations.id:text C", "organizations.is_active:boolean",
                "record_processors.created_at:bigint", "record_runs.created_at:bigint", "records.created_at:bigint",
                "records.id:text C", "refresh_tokens.created_at:bigint", "refresh_tokens.id:text C",
                "schedule_state.last_fired_at:bigint", "schedule_state.trigger_id:text C",
                "users.created_at:bigint", "users.id:text C", "workflow_versions.created_at:bigint", "workspace_versions.created_at:bigint",
            ],
            columns);
        Assert.Equal(
            [
                "ix_api_keys_org", "ix_execution_logs_execution", "ix_execution_signals_org", "ix_executions_lease_owner",
                "ix_executions_org_created", "ix_executions_org_status_created", "ix_executions_org_workflow_created",
                "ix_executions_parent", "ix_executions_resumable", "ix_record_runs_execution", "ix_records_org_category_created",
                "ix_records_org_created", "ix_records_org_source_created", "ix_records_org_status_created", "ix_records_org_updated",
                "ix_refresh_tokens_user", "ix_steps_due",
            ],
            indexes);
    }

    [PostgresFact]
    public async Task WriterConnection_KilledByTheServer_CommitsTheBatchOnANewConnection()
    {
        var storage = await OpenAsync(database);
        await storage.Executions.CreateExecutionAsync(Records.Execution("before", time.GetUtcNow()));

        await TerminateOtherConnectionsAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("during", time.GetUtcNow()));
        await storage.Executions.CreateExecutionAsync(Records.Execution("after", time.GetUtcNow()));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("after", "first", time.GetUtcNow())));

        var ids = await PostgresSql.ColumnAsync<string>(database, "SELECT id FROM executions ORDER BY id");
        Assert.Equal(["after", "before", "during"], ids);
        Assert.Single(await storage.Executions.GetStepsAsync("after"));
    }

    [PostgresFact]
    public async Task WriterConnection_KilledByTheServer_ARunEndCommittedByItsAppenderGoesOnANewConnection()
    {
        var storage = await OpenAsync(database);
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        var byAppendersBefore = storage.Counters.CommitsByAppenders;

        await TerminateOtherConnectionsAsync();
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Succeeded, null, null, time.GetUtcNow()));

        Assert.Equal(byAppendersBefore + 1, storage.Counters.CommitsByAppenders);
        Assert.Equal(0, storage.Counters.WritesFailed);
        Assert.Equal(["succeeded"], await PostgresSql.ColumnAsync<string>(database, "SELECT status FROM executions WHERE id = 'e'"));
    }

    [PostgresFact]
    public async Task Reads_AfterTheServerDroppedEveryConnection_SucceedOnFreshConnections()
    {
        var storage = await OpenAsync(database);
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => storage.Executions.GetExecutionAsync("e")));

        await TerminateOtherConnectionsAsync();
        var one = await storage.Executions.GetExecutionAsync("e");
        var many = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => storage.Executions.GetStepsAsync("e")));

        Assert.Equal("e", one?.Id);
        Assert.All(many, Assert.Empty);
    }

    [PostgresFact]
    public async Task WorkSignal_RunCreatedByAnotherProcess_WakesTheWaiterThroughNotify()
    {
        var waiter = await OpenAsync(database);
        var creator = await OpenAsync(database);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // The first wait returns once the listener is connected (it cannot know what it missed before).
        await waiter.WorkSignal.WaitAsync(timeout.Token);
        var waiting = waiter.WorkSignal.WaitAsync(timeout.Token).AsTask();
        Assert.False(waiting.IsCompleted);
        await creator.Executions.CreateExecutionAsync(Records.Execution("new", time.GetUtcNow()));
        await waiting;

        var claimed = await waiter.Executions.ClaimResumableAsync("node-w", time.GetUtcNow() + Lease, 10);
        Assert.Equal("new", Assert.Single(claimed).Id);
    }

    [PostgresFact]
    public async Task WorkSignal_ListenerConnectionKilled_ReconnectsAndWakesTheWaiterAgain()
    {
        var waiter = await OpenAsync(database);
        var creator = await OpenAsync(database);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await waiter.WorkSignal.WaitAsync(timeout.Token);
        var listener = (PostgresWorkListener)waiter.WorkSignal;

        // Reconnecting raises the signal once, for the notifications it may have missed.
        var afterReconnect = waiter.WorkSignal.WaitAsync(timeout.Token).AsTask();
        await TerminateListenersAsync();
        await afterReconnect;

        Assert.Equal(2, listener.Connections);
        var woken = waiter.WorkSignal.WaitAsync(timeout.Token).AsTask();
        await creator.Executions.CreateExecutionAsync(Records.Execution("new", time.GetUtcNow()));
        await woken;
    }

    private async Task<StepwiseStorage> OpenAsync(string connectionString, StorageOptions? options = null)
    {
        var storage = await PostgresStorage.OpenAsync(connectionString, time, options: options);
        opened.Add(storage);
        return storage;
    }

    private Task TerminateOtherConnectionsAsync() => PostgresSql.ExecuteAsync(database, """
        SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
        """);

    private Task TerminateListenersAsync() => PostgresSql.ExecuteAsync(database, """
        SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'
        """);
}
