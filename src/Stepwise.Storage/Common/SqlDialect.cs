using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// What differs between database engines. Everything else (the SQL of reads and writes, the batching writer, the
/// migration runner) is written once against ADO.NET and uses only SQL both SQLite and PostgreSQL accept:
/// named <c>@</c> parameters, <c>INSERT ... ON CONFLICT DO UPDATE</c>, <c>UPDATE ... RETURNING</c>.
/// </summary>
/// <remarks>
/// A PostgreSQL dialect adds, next to this one: <c>Name</c> "postgres" and a "postgres" script in each migration
/// (BIGINT times, identity log ids); readers from an Npgsql data source pool and one dedicated writer connection;
/// <c>Classify</c> by <c>PostgresException.SqlState</c> (40001, 40P01, 55P03 busy; 23505 unique; 23503 foreign key;
/// other 23xxx constraint); an advisory transaction lock in <see cref="BeginWriteTransactionAsync"/> when migrating.
/// The conditional <c>UPDATE</c> claims are already safe under concurrent writers (PostgreSQL re-checks the
/// predicate on the locked row); claiming many due runs at once would add a <c>FOR UPDATE SKIP LOCKED</c> query.
/// </remarks>
internal abstract class SqlDialect
{
    /// <summary>Key of this dialect's scripts in each migration, such as <c>sqlite</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Where the database is, for messages; never contains a password.</summary>
    public abstract string Description { get; }

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

    /// <summary>Sorts a provider exception into the few kinds the store treats differently.</summary>
    public abstract StorageErrorKind Classify(Exception exception);

    /// <summary>The connections this dialect has open, for health and metrics.</summary>
    public Diagnostics.ConnectionCounters Connections { get; } = new();

    /// <summary>The most connections the dialect opens at once; null when it sets no limit (SQLite readers).</summary>
    public virtual int? MaxConnections => null;

    /// <summary>Opens a connection that proves the database is reachable now (not one kept from a pool).</summary>
    public virtual ValueTask<DbConnection> OpenProbeConnectionAsync(CancellationToken cancellationToken) =>
        OpenReaderConnectionAsync(cancellationToken);

    /// <summary>Releases what the dialect holds for the process (pooled reader connections).</summary>
    public abstract void ReleaseResources();
}
