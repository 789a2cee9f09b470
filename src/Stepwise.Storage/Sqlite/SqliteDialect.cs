using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode: one long-lived writer connection, pooled reader connections that read the last committed
/// state without blocking the writer.
/// </summary>
/// <remarks>
/// The writer runs with <c>synchronous=FULL</c>: in WAL mode that fsyncs the log on every commit, so a run the
/// store said was written survives a power cut, not only a process crash (NORMAL may lose the last commits on power
/// loss). Group commit makes that one fsync per batch, not per step.
/// </remarks>
internal sealed class SqliteDialect : SqlDialect
{
    // Result codes of sqlite3.h: the primary code is the low byte of the extended one.
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintForeignKey = 787;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly string _path;

    // How often, at most, a commit looks whether the -wal file is still there: commits within that time of its
    // deletion may still be acknowledged.
    private const long WalCheckIntervalMs = 20;

    // The writer's -wal file as it was first seen (FindUnreportedFault); only the writer loop touches these.
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _walHandle;
    private long _walCheckedAt = long.MinValue / 2;
    private string? _walFault;
    private readonly string _writerConnectionString;
    private readonly string _readerConnectionString;
    private readonly string _probeConnectionString;
    private readonly string _busyTimeoutPragma;
    private readonly int _busyTimeoutMs;

    // Null for the schema commands' connection, which keeps SQLite's automatic checkpoint.
    private readonly SqliteCheckpointer? _checkpointer;

    public SqliteDialect(string path, TimeSpan busyTimeout, SqliteCheckpointer? checkpointer = null)
    {
        // Before any connection opens: each connection keeps the VFS that was the default when it opened.
        SqliteWalVfs.EnsureRegistered();
        _path = path;
        _checkpointer = checkpointer;
        // Microsoft.Data.Sqlite also retries busy statements for the command timeout; 0 there would mean forever.
        var timeoutSeconds = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        _writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            ForeignKeys = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        _readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = timeoutSeconds,
        }.ToString();
        _probeConnectionString = new SqliteConnectionStringBuilder(_readerConnectionString) { Pooling = false }.ToString();
        _busyTimeoutMs = (int)Math.Min(int.MaxValue, (long)busyTimeout.TotalMilliseconds);
        _busyTimeoutPragma = string.Create(
            CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    }

    public override string Name => "sqlite";

    public override string Description => _path;

    // The single writer holds the write lock for the whole statement, so this is atomic without row locks.
    private const string ClaimSql = $"""
        UPDATE executions SET lease_owner = @owner, lease_until = @lease_until
        WHERE id IN (
            SELECT id FROM executions
            WHERE status IN ({StatusNames.UnfinishedSqlList}) AND (lease_until IS NULL OR lease_until <= @now)
            ORDER BY priority DESC, created_at, id
            LIMIT @limit)
        RETURNING {RecordReaders.ExecutionColumns}
        """;

    public override string ClaimResumableSql => ClaimSql;

    // A no-op on a database without auto_vacuum=INCREMENTAL (files created before it was set, until they are vacuumed).
    public override string? ReclaimSpaceSql => "PRAGMA incremental_vacuum;";

    public override PreparedWrite PrepareWrite(
        DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<string> parameterNames) =>
        new SqliteStatementWrite((SqliteConnection)connection, sql, parameterNames);

    public override async ValueTask<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_writerConnectionString);
        connection.StateChange += Connections.TrackWriter;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, _busyTimeoutPragma, cancellationToken).ConfigureAwait(false);

            // Lets a purge give freed pages back (incremental_vacuum). It only takes on a file with no tables yet, so
            // it must come before the migrations; an older file keeps auto_vacuum=NONE until a VACUUM rewrites it.
            await ExecuteAsync(connection, "PRAGMA auto_vacuum = INCREMENTAL;", cancellationToken).ConfigureAwait(false);
            using (var wal = connection.CreateCommand("PRAGMA journal_mode = WAL;"))
            {
                var mode = Convert.ToString(
                    await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new StorageException(
                        $"SQLite database {_path} could not be switched to WAL mode (it reports '{mode}'); " +
                        "the file system may not support shared memory.");
                }
            }

            await ExecuteAsync(connection, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", cancellationToken)
                .ConfigureAwait(false);
            _checkpointer?.Watch(connection);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbConnection> OpenReaderConnectionAsync(CancellationToken cancellationToken) =>
        OpenReaderAsync(_readerConnectionString, cancellationToken);

    public override ValueTask<DbConnection> OpenProbeConnectionAsync(CancellationToken cancellationToken) =>
        OpenReaderAsync(_probeConnectionString, cancellationToken);

    private async ValueTask<DbConnection> OpenReaderAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        connection.StateChange += Connections.TrackReader;
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // PRAGMA busy_timeout's setting made on the native handle: a read on a pooled connection then costs no
            // extra statement to prepare and run (about half the cost of a point read).
            SqliteException.ThrowExceptionForRC(
                SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, _busyTimeoutMs), connection.Handle);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask<DbTransaction> BeginWriteTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // deferred: false makes it BEGIN IMMEDIATE: the write lock is taken (or waited for) up front.
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override Query.JsonPathSql QueryJson => Query.SqliteJsonPathSql.Instance;

    public override ValueTask<IAsyncDisposable> GuardQueryAsync(
        DbConnection connection, DbCommand command, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken) =>
        SqliteQueryGuard.StartAsync(connection, timeout, deadline, cancellationToken);

    public override bool IsStatementCancelled(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_INTERRUPT };

    public override StorageErrorKind Classify(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return StorageErrorKind.NotDatabase;
        }

        return sqlite.SqliteErrorCode switch
        {
            SqliteBusy or SqliteLocked => StorageErrorKind.Busy,
            SqliteConstraint => sqlite.SqliteExtendedErrorCode switch
            {
                SqliteConstraintPrimaryKey or SqliteConstraintUnique => StorageErrorKind.UniqueViolation,
                SqliteConstraintForeignKey => StorageErrorKind.ForeignKeyViolation,
                _ => StorageErrorKind.OtherConstraintViolation,
            },
            SQLitePCL.raw.SQLITE_FULL or SQLitePCL.raw.SQLITE_READONLY or SQLitePCL.raw.SQLITE_CORRUPT
                or SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_CANTOPEN => StorageErrorKind.Fault,
            _ => StorageErrorKind.Other,
        };
    }

    /// <summary>
    /// SQLite keeps writing to a -wal file deleted under it (the open handle survives), and everything committed there
    /// is lost with the process: while a connection is open the file must exist.
    /// </summary>
    public override string? FindUnreportedFault()
    {
        // A look costs a few microseconds (a readlink in /proc): under load commits share one per interval.
        var now = Environment.TickCount64;
        if (_walFault is null && now - _walCheckedAt < WalCheckIntervalMs)
        {
            return null;
        }

        _walCheckedAt = now;
        return _walFault ??= FindDeletedWal();
    }

    private string? FindDeletedWal()
    {
        const string Deleted =
            "the database's -wal file was deleted while the server runs: what it held since its last checkpoint is lost; restart the server";
        var wal = _path + "-wal";

        // A reader opening the database makes a new, empty -wal beside the deleted one the writer still writes to:
        // on Linux a handle kept on the first one tells whether it is still the file at that path.
        if (_walHandle is null)
        {
            if (!File.Exists(wal))
            {
                return Deleted;
            }

            _walHandle = File.OpenHandle(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(wal) ? null : Deleted;
        }

        var link = new FileInfo($"/proc/self/fd/{_walHandle.DangerousGetHandle()}").LinkTarget;
        return link is null ? (File.Exists(wal) ? null : Deleted)
            : link.EndsWith(" (deleted)", StringComparison.Ordinal) ? Deleted
            : null;
    }

    /// <summary>Flips the database header's user_version between 1 and 2 (Stepwise does not use it otherwise).</summary>
    public override async ValueTask ProbeWriteAsync(WriterSession session, CancellationToken cancellationToken)
    {
        long version;
        using (var read = session.CreateCommand("PRAGMA user_version"))
        {
            version = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        using var write = session.CreateCommand(version == 1 ? "PRAGMA user_version = 2" : "PRAGMA user_version = 1");
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override bool IsDamage(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB };

    public override string DescribeFault(Exception exception) => (exception as SqliteException)?.SqliteErrorCode switch
    {
        SQLitePCL.raw.SQLITE_FULL => "the disk is full (SQLITE_FULL)",
        SQLitePCL.raw.SQLITE_READONLY => "the database is read-only (SQLITE_READONLY): check the permissions and mount of the data folder",
        SQLitePCL.raw.SQLITE_CORRUPT => "the database file is damaged (SQLITE_CORRUPT): run 'stepwise db check'",
        SQLitePCL.raw.SQLITE_NOTADB => "the database file is damaged (SQLITE_NOTADB): run 'stepwise db check'",
        SQLitePCL.raw.SQLITE_IOERR => "the disk failed to read or write (SQLITE_IOERR): check the data folder and its disk",
        SQLitePCL.raw.SQLITE_CANTOPEN => "a database file cannot be opened (SQLITE_CANTOPEN): check the data folder, its -wal and -shm files",
        _ => exception.Message,
    };

    public override WalCheckpointCounters? Checkpoints => _checkpointer?.Counters;

    public override ValueTask StopBackgroundWorkAsync() => _checkpointer?.DisposeAsync() ?? ValueTask.CompletedTask;

    public override void ReleaseResources()
    {
        _walHandle?.Dispose();
        _walHandle = null;
        using var connection = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
