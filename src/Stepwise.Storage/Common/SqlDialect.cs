using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// What differs between database engines. Everything else (the SQL of reads and writes, the batching writer, the
/// migration runner) is written once against ADO.NET and uses only SQL both SQLite and PostgreSQL accept:
/// named <c>@</c> parameters, <c>INSERT ... ON CONFLICT DO UPDATE</c>, <c>UPDATE ... RETURNING</c>.
/// </summary>
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

    /// <summary>Releases what the dialect holds for the process (pooled reader connections).</summary>
    public abstract void ReleaseResources();
}
