using System.Data.Common;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Migrations;

/// <summary>
/// Moves a database between schema versions. Each migration runs in its own write transaction together with its
/// row in <c>schema_migrations</c>, and the applied versions are re-read inside that transaction, so a failed
/// migration leaves the previous version intact and two processes migrating at once apply each migration once.
/// The transactions are the dialect's migration transactions: on PostgreSQL they hold an advisory lock, since
/// there even creating <c>schema_migrations</c> at the same time from two processes would collide.
/// </summary>
internal sealed class MigrationRunner
{
    private const string CreateTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER NOT NULL PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  BIGINT  NOT NULL
        )
        """;

    private const string AppliedSql = "SELECT version, description, applied_at FROM schema_migrations ORDER BY version";
    private const string RecordSql =
        "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @applied_at)";
    private const string ForgetSql = "DELETE FROM schema_migrations WHERE version = @version";

    private readonly SqlDialect _dialect;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public MigrationRunner(
        SqlDialect dialect, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, ILogger logger)
    {
        // Numbers are reserved per change, so a build may lack a number another branch took: versions only have to
        // increase. A database is checked against the versions this build knows.
        for (var index = 0; index < migrations.Count; index++)
        {
            var previous = index == 0 ? 0 : migrations[index - 1].Version;
            if (index == 0 ? migrations[0].Version != 1 : migrations[index].Version <= previous)
            {
                throw new ArgumentException(
                    $"Migrations must be numbered in increasing order from 1; position {index + 1} holds version " +
                    $"{migrations[index].Version}.",
                    nameof(migrations));
            }
        }

        _dialect = dialect;
        _migrations = migrations;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    public IReadOnlyList<int> KnownVersions => [0, .. _migrations.Select(m => m.Version)];

    public async Task<int> GetCurrentVersionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var applied = await ReadAppliedInTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        return applied.Count == 0 ? 0 : applied[^1].Version;
    }

    /// <summary>Every known migration, applied or pending, plus any applied by a newer build; in version order.</summary>
    public async Task<IReadOnlyList<MigrationHistoryEntry>> GetHistoryAsync(
        DbConnection connection, CancellationToken cancellationToken)
    {
        var applied = await ReadAppliedInTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        var byVersion = applied.ToDictionary(entry => entry.Version);
        var history = new List<MigrationHistoryEntry>();
        foreach (var migration in _migrations)
        {
            history.Add(byVersion.Remove(migration.Version, out var row)
                ? row with { Description = migration.Description }
                : new MigrationHistoryEntry(migration.Version, migration.Description, null, IsKnown: true));
        }

        history.AddRange(byVersion.Values.OrderBy(entry => entry.Version));
        return history;
    }

    /// <summary>Applies every pending migration up to <paramref name="targetVersion"/> (the latest when null).</summary>
    public async Task<IReadOnlyList<MigrationHistoryEntry>> UpgradeAsync(
        DbConnection connection, int? targetVersion, CancellationToken cancellationToken)
    {
        var target = targetVersion ?? LatestVersion;
        RequireKnownTarget(target);
        var done = new List<MigrationHistoryEntry>();
        while (true)
        {
            var transaction = await _dialect.BeginMigrationTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var current = await ReadCheckedVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (current > target)
                {
                    throw new SchemaVersionException(
                        $"The database at {_dialect.Description} is at schema version {current}, above the upgrade " +
                        $"target {target}; use a downgrade to go back.");
                }

                if (current == target)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return done;
                }

                var migration = _migrations.First(m => m.Version > current);
                var appliedAt = _timeProvider.GetUtcNow();
                await RunAsync(connection, transaction, migration, migration.ScriptFor(_dialect.Name).Up, current, cancellationToken)
                    .ConfigureAwait(false);
                using (var record = Command(connection, transaction, RecordSql))
                {
                    record.AddParameter("@version", migration.Version);
                    record.AddParameter("@description", migration.Description);
                    record.AddParameter("@applied_at", DbValues.ToUnixMs(appliedAt));
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Log.MigrationApplied(_logger, migration.Version, migration.Description, _dialect.Description);
                done.Add(new MigrationHistoryEntry(
                    migration.Version, migration.Description, DbValues.FromUnixMs(DbValues.ToUnixMs(appliedAt)), true));
            }
        }
    }

    /// <summary>Reverts applied migrations, newest first, until the database is at <paramref name="targetVersion"/>.</summary>
    public async Task<IReadOnlyList<MigrationHistoryEntry>> DowngradeAsync(
        DbConnection connection, int targetVersion, CancellationToken cancellationToken)
    {
        RequireKnownTarget(targetVersion);
        var done = new List<MigrationHistoryEntry>();
        while (true)
        {
            var transaction = await _dialect.BeginMigrationTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var current = await ReadCheckedVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                if (current < targetVersion)
                {
                    throw new SchemaVersionException(
                        $"The database at {_dialect.Description} is at schema version {current}, below the downgrade " +
                        $"target {targetVersion}; use an upgrade to go forward.");
                }

                if (current == targetVersion)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return done;
                }

                var migration = _migrations.First(m => m.Version == current);
                await RunAsync(connection, transaction, migration, migration.ScriptFor(_dialect.Name).Down, current, cancellationToken)
                    .ConfigureAwait(false);
                using (var forget = Command(connection, transaction, ForgetSql))
                {
                    forget.AddParameter("@version", migration.Version);
                    await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                Log.MigrationReverted(_logger, migration.Version, migration.Description, _dialect.Description);
                done.Add(new MigrationHistoryEntry(migration.Version, migration.Description, null, true));
            }
        }
    }

    /// <summary>
    /// The current version, after checking the history is exactly versions 1..current of this build: a version
    /// this build does not know means the database is ahead of the code.
    /// </summary>
    public async Task<int> ReadCheckedVersionAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (applied.Count == 0)
        {
            return 0;
        }

        var current = applied[^1].Version;
        if (current > LatestVersion)
        {
            throw new SchemaVersionException(
                $"The database at {_dialect.Description} is at schema version {current}, but this build of Stepwise " +
                $"only knows versions up to {LatestVersion}. It was migrated by a newer Stepwise: run that version, " +
                $"or downgrade the database to {LatestVersion} with it.");
        }

        var missing = _migrations.Select(m => m.Version).Where(v => v <= current)
            .Except(applied.Select(entry => entry.Version)).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaVersionException(
                $"The migration history of {_dialect.Description} is at version {current} but lacks version(s) " +
                $"{string.Join(", ", missing)}; the schema cannot be trusted.");
        }

        return current;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand(sql);
        command.Transaction = transaction;
        return command;
    }

    private void RequireKnownTarget(int target)
    {
        if (target != 0 && !_migrations.Any(m => m.Version == target))
        {
            throw new SchemaVersionException(
                $"Schema version {target} does not exist: this build knows versions 0 (empty) to {LatestVersion}" +
                (LatestVersion == _migrations.Count ? "." : $" ({string.Join(", ", KnownVersions)})."));
        }
    }

    private async Task RunAsync(
        DbConnection connection,
        DbTransaction transaction,
        Migration migration,
        string sql,
        int current,
        CancellationToken cancellationToken)
    {
        try
        {
            using var command = Command(connection, transaction, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            throw new StorageException(
                $"Migration {migration.Version} ({migration.Description}) failed on {_dialect.Description}: " +
                $"{exception.Message}. The database stays at schema version {current}.",
                exception);
        }
    }

    private async Task<List<MigrationHistoryEntry>> ReadAppliedInTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await _dialect.BeginMigrationTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var applied = await ReadAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return applied;
        }
    }

    private async Task<List<MigrationHistoryEntry>> ReadAppliedAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        using (var create = Command(connection, transaction, CreateTableSql))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var query = Command(connection, transaction, AppliedSql);
        var rows = await RecordReaders.ReadAllAsync(
            query,
            reader =>
            {
                var version = reader.GetInt32(0);
                return new MigrationHistoryEntry(
                    version,
                    reader.GetString(1),
                    DbValues.FromUnixMs(reader.GetInt64(2)),
                    IsKnown: version >= 1 && version <= LatestVersion);
            },
            cancellationToken).ConfigureAwait(false);
        return [.. rows];
    }
}
