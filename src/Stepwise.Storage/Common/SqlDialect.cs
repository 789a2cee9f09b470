using System.Data.Common;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// What differs between database engines. Everything else (the SQL of reads and writes, the batching writer, the
/// migration runner) is written once against ADO.NET and uses only SQL both SQLite and PostgreSQL accept:
/// named <c>@</c> parameters, <c>INSERT ... ON CONFLICT DO NOTHING</c> or <c>DO UPDATE</c>, <c>UPDATE ... RETURNING</c>,
/// <c>LIMIT @n</c>, flags bound and read as <see cref="bool"/> (BOOLEAN on PostgreSQL, 0 and 1 on SQLite). A
/// parameter is never only tested for null, which PostgreSQL cannot type; such a filter is a second statement.
/// </summary>
/// <remarks>
/// The conditional <c>UPDATE</c> claims are safe under concurrent writers on both engines (SQLite has one writer at
/// a time; PostgreSQL re-checks the predicate on the locked row). Claiming many due runs at once differs: SQLite's
/// single writer makes a plain <c>UPDATE ... WHERE id IN (SELECT ... LIMIT n)</c> atomic, PostgreSQL needs
/// <c>FOR UPDATE SKIP LOCKED</c> so concurrent claimers skip each other's rows instead of waiting or colliding.
/// </remarks>
internal abstract class SqlDialect
{
    /// <summary>Key of this dialect's scripts in each migration, such as <c>sqlite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the database is, for messages; never contains a password.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The statement that claims due runs: parameters <c>@owner</c>, <c>@lease_until</c>, <c>@now</c>,
    /// <c>@limit</c>; it returns the claimed rows as <see cref="RecordReaders.ExecutionColumns"/>, in any order.
    /// </summary>
    public abstract string ClaimResumableSql { get; }

    /// <summary>
    /// A statement run in the transaction that creates a run, to wake other processes once it commits
    /// (PostgreSQL <c>NOTIFY</c>); null where only this process can see the database.
    /// </summary>
    public virtual string? NotifyWorkSql => null;

    /// <summary>Writes consecutive journal entries in one round trip, when the database can; null to write them one by one.</summary>
    public virtual IJournalBatchWriter? JournalBatch => null;

    /// <summary>
    /// Prepares one of the writer's frequent statements (a run's row, its steps, its start's audit entry) on the
    /// writer's connection; through ADO.NET unless the database offers a cheaper way.
    /// </summary>
    public virtual PreparedWrite PrepareWrite(
        DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<string> parameterNames) =>
        new CommandWrite(connection, transaction, sql, parameterNames);

    /// <summary>
    /// A statement run in each purge transaction after its deletes, giving the pages they freed back to the file
    /// system; null where the database reclaims space by itself (PostgreSQL autovacuum).
    /// </summary>
    public virtual string? ReclaimSpaceSql => null;

    /// <summary>Opens the one connection the writer keeps for the life of the process, set up for durability.</summary>
    public abstract ValueTask<DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Opens a short-lived connection for reads; callers dispose it.</summary>
    public abstract ValueTask<DbConnection> OpenReaderConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction that already holds the right to write, so two writers never deadlock upgrading a read
    /// lock (SQLite <c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginWriteTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a transaction for reading or changing the schema that no other process's migration transaction runs
    /// beside, so two processes starting at once migrate once (PostgreSQL takes an advisory lock).
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginMigrationTransactionAsync(
        DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteTransactionAsync(connection, cancellationToken);

    /// <summary>
    /// The signal hosts wait on for new work. <paramref name="local"/> is raised by this process's own writes; a
    /// dialect shared by several processes also raises it when another process stores work.
    /// </summary>
    public virtual IWorkSignal CreateWorkSignal(WorkSignal local, TimeProvider timeProvider, ILogger logger) => local;

    /// <summary>Sorts a provider exception into the few kinds the store treats differently.</summary>
    public abstract StorageErrorKind Classify(Exception exception);

    /// <summary>
    /// A fault the database engine does not report itself, checked before each commit; null when none. A write the
    /// store would lose must not be acknowledged.
    /// </summary>
    public virtual string? FindUnreportedFault() => null;

    /// <summary>
    /// One small write that really changes a page (an engine may skip rewriting a row with the same values), for the
    /// readiness check to see whether a fault of the store has cleared. PostgreSQL writes a new row version for any
    /// update.
    /// </summary>
    public virtual async ValueTask ProbeWriteAsync(WriterSession session, CancellationToken cancellationToken)
    {
        using var command = session.CreateCommand(
            "UPDATE schema_migrations SET version = version WHERE version = (SELECT MAX(version) FROM schema_migrations)");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True for a fault that is damage to the stored data (a corrupt page): it does not heal by itself.</summary>
    public virtual bool IsDamage(Exception exception) => false;

    /// <summary>What a <see cref="StorageErrorKind.Fault"/> is, in words an operator acts on: <c>the disk is full (SQLITE_FULL)</c>.</summary>
    public virtual string DescribeFault(Exception exception) => exception.Message;

    /// <summary>The connections this dialect has open, for health and metrics.</summary>
    public Diagnostics.ConnectionCounters Connections { get; } = new();

    /// <summary>The most connections the dialect opens at once; null when it sets no limit (SQLite readers).</summary>
    public virtual int? MaxConnections => null;

    /// <summary>Opens a connection that proves the database is reachable now (not one kept from a pool).</summary>
    public virtual ValueTask<DbConnection> OpenProbeConnectionAsync(CancellationToken cancellationToken) =>
        OpenReaderConnectionAsync(cancellationToken);

    /// <summary>
    /// Closes idle pooled connections after one turned out dead (a database restart closes them all), so the next
    /// open reaches the database instead of another dead connection.
    /// </summary>
    public virtual void ForgetIdleConnections()
    {
    }

    /// <summary>The JSON path functions the query language compiles to.</summary>
    public abstract Query.JsonPathSql QueryJson { get; }

    /// <summary>
    /// Prepares <paramref name="command"/> on <paramref name="connection"/> to run one statement of the query
    /// language read-only and stopped once <paramref name="deadline"/> is cancelled; disposing the result puts the
    /// connection back as it was.
    /// </summary>
    public abstract ValueTask<IAsyncDisposable> GuardQueryAsync(
        DbConnection connection, DbCommand command, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="exception"/> says a statement was stopped by its time limit or an interrupt.</summary>
    public abstract bool IsStatementCancelled(Exception exception);

    /// <summary>What the dialect's own checkpoints of a write-ahead log have done (SQLite); null where there are none.</summary>
    public virtual WalCheckpointCounters? Checkpoints => null;

    /// <summary>
    /// Stops what the dialect runs beside the writer (SQLite's checkpointer) and waits for it; called once the writer
    /// has closed, before <see cref="ReleaseResources"/>.
    /// </summary>
    public virtual ValueTask StopBackgroundWorkAsync() => ValueTask.CompletedTask;

    /// <summary>Releases what the dialect holds for the process (pooled reader connections).</summary>
    public abstract void ReleaseResources();
}
