using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// PostgreSQL through one <see cref="NpgsqlDataSource"/>: the writer keeps one pooled connection, readers borrow
/// the others, and the work listener one more while someone waits for work. Several processes share the database;
/// the single writer of each commits its batches in READ COMMITTED transactions.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>The channel a run's creation is announced on, to every process listening.</summary>
    public const string WorkChannel = "stepwise_work";

    // "Stepwise" in ASCII: the advisory lock of schema changes, the same key in every process and version.
    private const long MigrationLockKey = 0x5374657077697365;

    // Rows another claimer has locked are skipped, not waited for, so claimers never block or collide.
    private const string ClaimSql = $"""
        WITH due AS MATERIALIZED (
            SELECT id FROM executions
            WHERE status IN ({StatusNames.UnfinishedSqlList}) AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY priority DESC, created_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED)
        UPDATE executions SET lease_owner = @owner, lease_until = @lease_until
        WHERE id IN (SELECT id FROM due)
        RETURNING {RecordReaders.ExecutionColumns}
        """;

    // Waiting for another process's migration is right however long it takes, so no lock timeout here.
    private const string MigrationLockSql = "SET LOCAL lock_timeout = 0; SELECT pg_advisory_xact_lock(@key)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _lockTimeoutSql;

    public PostgresDialect(NpgsqlDataSource dataSource, string description, TimeSpan busyTimeout)
    {
        _dataSource = dataSource;
        Description = description;

        // lock_timeout 0 would mean "wait forever"; a zero busy timeout means "do not wait".
        var milliseconds = Math.Max(1L, (long)busyTimeout.TotalMilliseconds);
        _lockTimeoutSql = string.Create(CultureInfo.InvariantCulture, $"SET lock_timeout = {milliseconds}");
    }

    public override string Name => "postgres";

    public override string Description { get; }

    public override string ClaimResumableSql => ClaimSql;

    public override string? NotifyWorkSql => "NOTIFY " + WorkChannel;

    public override IJournalBatchWriter? JournalBatch { get; } = new PostgresJournalBatch();

    public override async ValueTask<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenCountedAsync(Connections.TrackWriter, cancellationToken).ConfigureAwait(false);
        try
        {
            // The pool resets session settings when the connection goes back, so this stays the writer's own.
            using var command = new NpgsqlCommand(_lockTimeoutSql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<DbConnection> OpenReaderConnectionAsync(CancellationToken cancellationToken) =>
        await OpenCountedAsync(Connections.TrackReader, cancellationToken).ConfigureAwait(false);

    /// <summary>The pool's size: the most connections this process opens.</summary>
    public override int? MaxConnections => new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString).MaxPoolSize;

    private async ValueTask<NpgsqlConnection> OpenCountedAsync(
        System.Data.StateChangeEventHandler track, CancellationToken cancellationToken)
    {
        var connection = _dataSource.CreateConnection();
        connection.StateChange += track;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<DbTransaction> BeginWriteTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbTransaction> BeginMigrationTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var transaction = await npgsql.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = new NpgsqlCommand(MigrationLockSql, npgsql, transaction);
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override IWorkSignal CreateWorkSignal(WorkSignal local, TimeProvider timeProvider, ILogger logger) =>
        new PostgresWorkListener(_dataSource, local, timeProvider, logger);

    public override Query.JsonPathSql QueryJson => Query.PostgresJsonPathSql.Instance;

    public override ValueTask<IAsyncDisposable> GuardQueryAsync(
        DbConnection connection, DbCommand command, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken) =>
        PostgresQueryGuard.StartAsync(connection, command, timeout, deadline, cancellationToken);

    public override bool IsStatementCancelled(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }
            || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.QueryCanceled };

    public override StorageErrorKind Classify(Exception exception) => exception switch
    {
        PostgresException postgres => ClassifySqlState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient ? StorageErrorKind.Unavailable : StorageErrorKind.Other,
        _ => StorageErrorKind.NotDatabase,
    };

    public override void ForgetIdleConnections() => _dataSource.Clear();

    public override void ReleaseResources() => _dataSource.Dispose();

    // SQLSTATE codes of faults of the server's storage (PostgreSQL appendix A).
    private const string DiskFull = "53100";
    private const string ReadOnlyTransaction = "25006";
    private const string DataCorrupted = "XX001";
    private const string IndexCorrupted = "XX002";
    private const string IoError = "58030";

    public override bool IsDamage(Exception exception) =>
        exception is PostgresException { SqlState: DataCorrupted or IndexCorrupted };

    public override string DescribeFault(Exception exception) => (exception as PostgresException)?.SqlState switch
    {
        DiskFull => "the database server's disk is full (53100 disk_full)",
        ReadOnlyTransaction => "the database is read-only (25006 read_only_sql_transaction): a standby or default_transaction_read_only",
        DataCorrupted or IndexCorrupted => $"the database reports damaged data ({((PostgresException)exception).SqlState}): {exception.Message}",
        IoError => "the database server's disk failed (58030 io_error)",
        _ => exception.Message,
    };

    /// <summary>Sorts the SQLSTATE codes of PostgreSQL's appendix A that the store treats apart.</summary>
    internal static StorageErrorKind ClassifySqlState(string sqlState) => sqlState switch
    {
        PostgresErrorCodes.UniqueViolation => StorageErrorKind.UniqueViolation,
        PostgresErrorCodes.ForeignKeyViolation => StorageErrorKind.ForeignKeyViolation,
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected => StorageErrorKind.Contention,
        PostgresErrorCodes.LockNotAvailable => StorageErrorKind.Busy,
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => StorageErrorKind.Unavailable,
        DiskFull or ReadOnlyTransaction or DataCorrupted or IndexCorrupted or IoError => StorageErrorKind.Fault,
        _ when sqlState.StartsWith("23", StringComparison.Ordinal) => StorageErrorKind.OtherConstraintViolation,
        _ when sqlState.StartsWith("08", StringComparison.Ordinal) => StorageErrorKind.Unavailable,
        _ => StorageErrorKind.Other,
    };
}
