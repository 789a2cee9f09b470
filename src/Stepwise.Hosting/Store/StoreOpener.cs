using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Hosting.Store;

/// <summary>
/// The one place that turns a resolved <see cref="DatabaseUrl"/> into an open store or a schema migrator, for the
/// server and every CLI verb: SQLite or PostgreSQL alike, with the pool size of <c>STEPWISE_DB_MAX_CONNECTIONS</c>.
/// </summary>
public static class StoreOpener
{
    /// <summary>Opens and migrates the store.</summary>
    public static Task<StepwiseStorage> OpenAsync(
        DatabaseUrl database,
        int maxConnections,
        TimeProvider time,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.OpenAsync(time, loggerFactory, Options(maxConnections), cancellationToken);
    }

    /// <summary>Opens the schema only (current, history, upgrade, downgrade); migrates nothing by itself.</summary>
    public static Task<SchemaMigrator> OpenMigratorAsync(
        DatabaseUrl database, int maxConnections, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.OpenMigratorAsync(time, null, Options(maxConnections), cancellationToken);
    }

    /// <summary>True when the database already exists: a SQLite file on disk; a PostgreSQL database always (the server creates none).</summary>
    public static bool Exists(DatabaseUrl database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Kind != DatabaseKind.Sqlite || File.Exists(database.ConnectionString);
    }

    private static StorageOptions Options(int maxConnections) => new() { MaxConnections = maxConnections };
}
