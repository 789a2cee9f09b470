using Microsoft.Data.Sqlite;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>What only the SQLite dialect does: files, pragmas, query plans, a database ahead of the code.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task OpenAsync_MissingFolder_CreatesItAndAWalDatabaseAtTheLatestSchema()
    {
        var path = Path.Combine(folder.Path, "data", "nested", "stepwise.db");

        await using (var storage = await SqliteStorage.OpenAsync(path, time))
        {
            Assert.Equal(MigrationCatalog.All[^1].Version, storage.SchemaVersion);
            Assert.Equal(path, storage.Location);
        }

        await using var connection = await OpenAsync(path);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal(
            ["api_keys", "audit_log", "execution_logs", "execution_signals", "executions", "key_fingerprints", "oauth_connections", "org_config",
                "org_secrets", "organizations", "record_processors", "record_runs", "records", "refresh_tokens",
                "schedule_state", "schema_migrations", "steps", "user_memberships", "users",
                "workflow_deletions", "workflow_versions", "workspace_versions"],
            await TablesAsync(connection));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":memory:")]
    [InlineData("file:stepwise.db?mode=memory")]
    public async Task OpenAsync_NotAFilePath_ThrowsNamingThePath(string path)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SqliteStorage.OpenAsync(path, time));

        Assert.Equal("path", error.ParamName);
        Assert.Contains("path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_PathIsAFolder_ThrowsSayingSo()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => SqliteStorage.OpenAsync(folder.Path, time));

        Assert.Contains("is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_BadOptions_ThrowsNamingTheOption()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => SqliteStorage.OpenAsync(
            folder.File("stepwise.db"), time, options: new StorageOptions { MaxBatchSize = 0 }));

        Assert.Contains("MaxBatchSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_DatabaseAheadOfTheCode_RefusesNamingBothVersions()
    {
        var path = folder.File("stepwise.db");
        await (await SqliteStorage.OpenAsync(path, time)).DisposeAsync();
        var future = MigrationCatalog.All[^1].Version + 41;
        await using (var connection = await OpenAsync(path))
        {
            await ExecuteAsync(
                connection,
                $"INSERT INTO schema_migrations (version, description, applied_at) VALUES ({future}, 'from the future', 0)");
        }

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => SqliteStorage.OpenAsync(path, time));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {MigrationCatalog.All[^1].Version}", error.Message, StringComparison.Ordinal);
        await using var migrator = await SqliteStorage.OpenMigratorAsync(path, time);
        Assert.Equal(future, await migrator.GetCurrentVersionAsync());
        var unknown = (await migrator.GetHistoryAsync())[^1];
        Assert.Equal((future, "from the future", false), (unknown.Version, unknown.Description, unknown.IsKnown));
        await Assert.ThrowsAsync<SchemaVersionException>(() => migrator.DowngradeAsync(0));
    }

    [Fact]
    public async Task ListResumableAsync_Query_UsesThePartialResumableIndex()
    {
        var path = folder.File("stepwise.db");
        await (await SqliteStorage.OpenAsync(path, time)).DisposeAsync();
        await using var connection = await OpenAsync(path);

        var plan = await ScalarAsync(connection, $"""
            EXPLAIN QUERY PLAN SELECT id FROM executions
            WHERE status IN ({Common.StatusNames.UnfinishedSqlList}) AND (lease_until IS NULL OR lease_until <= 0)
            ORDER BY priority DESC, created_at, id LIMIT 10
            """, column: 3);

        Assert.Contains("ix_executions_resumable", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepwiseStorage_OpenWhileAnotherProcessHoldsTheWriteLock_ReportsBusy()
    {
        var path = folder.File("stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(
            path, time, options: new StorageOptions { BusyTimeout = TimeSpan.FromMilliseconds(50) });
        await using var blocker = await OpenAsync(path);
        await ExecuteAsync(blocker, "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE;");

        var error = await Assert.ThrowsAsync<Core.Storage.StorageBusyException>(
            () => storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow())));

        Assert.Contains("Creating execution 'e'", error.Message, StringComparison.Ordinal);
        await ExecuteAsync(blocker, "ROLLBACK;");
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
    }

    [Fact]
    public async Task AppendAsync_BatchCannotCommit_FailsEveryCallerAndTheWriterCarriesOn()
    {
        var path = folder.File("stepwise.db");
        await using var storage = await SqliteStorage.OpenAsync(
            path, time, options: new StorageOptions { BusyTimeout = TimeSpan.FromMilliseconds(50) });
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", time.GetUtcNow()));
        await using var blocker = await OpenAsync(path);
        await ExecuteAsync(blocker, "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE;");

        var blocked = Enumerable.Range(0, 5)
            .Select(index => storage.Journal.AppendAsync(
                new Core.Storage.StepWritten(Records.Step("e", $"s{index}", time.GetUtcNow()))).AsTask())
            .ToList();
        foreach (var append in blocked)
        {
            await Assert.ThrowsAsync<Core.Storage.StorageBusyException>(() => append);
        }

        await ExecuteAsync(blocker, "ROLLBACK;");
        await storage.Journal.AppendAsync(new Core.Storage.StepWritten(Records.Step("e", "after", time.GetUtcNow())));

        Assert.Equal(["after"], (await storage.Executions.GetStepsAsync("e")).Select(step => step.StepId));
        Assert.Equal(5, storage.Counters.WritesFailed);
    }

    [Fact]
    public async Task OpenAsync_NewStore_ListIndexesAscendInTimeServeNewestFirstAndNoneIsOnCreatedAtAlone()
    {
        var path = folder.File("stepwise.db");
        await using (await SqliteStorage.OpenAsync(path, time))
        {
        }

        await using var connection = await OpenAsync(path);
        using var indexes = connection.CreateCommand();
        indexes.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND (name LIKE 'ix_executions_org_%' OR name LIKE 'ix_records_org_%')";
        var definitions = new Dictionary<string, string>();
        using (var reader = await indexes.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                definitions[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal(8, definitions.Count);
        Assert.Equal(0, long.Parse(await ScalarAsync(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE name = 'ix_executions_created'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(definitions.Values, sql => Assert.DoesNotContain("DESC", sql, StringComparison.OrdinalIgnoreCase));
        var plan = await ScalarAsync(connection, $"EXPLAIN QUERY PLAN {Common.ExecutionQueries.SqlFor(new Core.Storage.ExecutionQuery("default", 50, Core.Storage.ExecutionStatus.Succeeded))}", column: 3);
        Assert.Contains("ix_executions_org_status_created", plan, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NewStore_AuditLogIsOneBTreeInTheOrderItIsListedAndStaysAppendOnly()
    {
        var path = folder.File("stepwise.db");
        await using (var storage = await SqliteStorage.OpenAsync(path, time))
        {
            await storage.Audit.AppendAsync(new Core.Storage.AuditRecord(
                "aud_1", "acme", time.GetUtcNow(), "user", "u1", "auth.login", null, null, "success", "127.0.0.1", "req-1", null));
        }

        await using var connection = await OpenAsync(path);
        Assert.Contains("WITHOUT ROWID", await ScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE name = 'audit_log'"), StringComparison.Ordinal);
        Assert.Equal("0", await ScalarAsync(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'"));
        var plan = await ScalarAsync(
            connection,
            "EXPLAIN QUERY PLAN SELECT id FROM audit_log WHERE org_id = 'acme' ORDER BY at DESC, id DESC LIMIT 50",
            column: 3);
        Assert.Contains("USING PRIMARY KEY", plan, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM audit_log"));
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.Equal("1", await ScalarAsync(connection, "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log"));
    }

    [Fact]
    public async Task CreateExecutionAsync_ParamsWithQuotesAndLetters_StoredAsTheyAreAndControlCharactersEscaped()
    {
        var path = folder.File("stepwise.db");
        var run = Records.Execution("e", time.GetUtcNow()) with
        {
            Params = new System.Text.Json.Nodes.JsonObject { ["raw"] = "{\"a\":\"<b>&é\"}", ["bell"] = "\u0001" },
        };
        await using (var storage = await SqliteStorage.OpenAsync(path, time))
        {
            await storage.Executions.CreateExecutionAsync(run);
            Records.AssertJson(run.Params, (await storage.Executions.GetExecutionAsync("e"))!.Params);
        }

        await using var connection = await OpenAsync(path);
        var stored = await ScalarAsync(connection, "SELECT params FROM executions WHERE id = 'e'");
        Assert.Equal("{\"raw\":\"{\\\"a\\\":\\\"<b>&é\\\"}\",\"bell\":\"\\u0001\"}", stored);
    }

    [Fact]
    public async Task AppendAsync_RunWrittenWholeWithJson_StepsAndRowStoreTheTextOfDbValuesJson()
    {
        var path = folder.File("stepwise.db");
        var now = time.GetUtcNow();
        var input = new System.Text.Json.Nodes.JsonObject { ["raw"] = "{\"a\":\"<b>&é\"}", ["bell"] = "\u0001", ["n"] = 1 };
        var run = Records.Execution("w", now, status: Core.Storage.ExecutionStatus.Succeeded) with
        {
            Params = input.DeepClone().AsObject(),
            Output = new System.Text.Json.Nodes.JsonObject { ["count"] = 10 },
            StartedAt = now,
            FinishedAt = now.AddMilliseconds(3),
        };
        Core.Storage.StepRecord[] steps =
        [
            Records.Step("w", "s1", now) with { Input = input.DeepClone(), Output = input.DeepClone() },
            Records.Step("w", "s2", now.AddMilliseconds(1)) with { Input = null, Error = "no \"luck\"", DueAt = now.AddMinutes(1) },
        ];
        await using (var storage = await SqliteStorage.OpenAsync(path, time))
        {
            await storage.Journal.AppendAsync(new Core.Storage.ExecutionWritten(run, steps, [], null, null));
            var stored = await storage.Executions.GetStepsAsync("w");
            Assert.Equal(["s1", "s2"], stored.Select(s => s.StepId));
            Records.AssertJson(input, stored[0].Input);
            Records.AssertJson(input, stored[0].Output);
            Assert.Null(stored[1].Input);
            Assert.Equal("no \"luck\"", stored[1].Error);
            Assert.Equal(steps[1].DueAt!.Value.ToUnixTimeMilliseconds(), stored[1].DueAt!.Value.ToUnixTimeMilliseconds());
            Assert.Equal(steps[1].FinishedAt!.Value.ToUnixTimeMilliseconds(), stored[1].FinishedAt!.Value.ToUnixTimeMilliseconds());
            var row = (await storage.Executions.GetExecutionAsync("w"))!;
            Records.AssertJson(run.Output, row.Output);
            Assert.Equal(run.FinishedAt!.Value.ToUnixTimeMilliseconds(), row.FinishedAt!.Value.ToUnixTimeMilliseconds());
        }

        await using var connection = await OpenAsync(path);
        Assert.Equal(Common.DbValues.Json(input), await ScalarAsync(connection, "SELECT input FROM steps WHERE step_id = 's1'"));
        Assert.Equal(Common.DbValues.Json(input), await ScalarAsync(connection, "SELECT output FROM steps WHERE step_id = 's1'"));
        Assert.Equal(Common.DbValues.Json(input), await ScalarAsync(connection, "SELECT params FROM executions WHERE id = 'w'"));
        Assert.Equal("null", await ScalarAsync(connection, "SELECT typeof(input) FROM steps WHERE step_id = 's2'"));
    }

    internal static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<List<string>> TablesAsync(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql, int column = 0)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetString(column);
    }
}
