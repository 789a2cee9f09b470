using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Hosting.Store;

/// <summary>
/// Runs before the store opens: a database migrated by a newer stepwise stops the start with the command that
/// fixes it. (A database behind the code is simply upgraded when the store opens.)
/// </summary>
internal static class SchemaGuard
{
    public static async Task RequireNotAheadAsync(ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!StoreOpener.Exists(options.Database))
        {
            return;
        }

        int current;
        int latest;
        var migrator = await StoreOpener.OpenMigratorAsync(options.Database, options.DbMaxConnections, time, cancellationToken);
        await using (migrator)
        {
            current = await migrator.GetCurrentVersionAsync(cancellationToken);
            latest = migrator.LatestVersion;
        }

        if (current > latest)
        {
            throw new SchemaVersionException(AheadMessage(options, current, latest));
        }
    }

    public static string AheadMessage(ServerOptions options, int current, int latest)
    {
        var where = Where(options);
        return $"the database {Describe(options.Database)} is at schema version {current}, ahead of this " +
            $"stepwise {ServerVersion.Current}, which knows versions up to {latest}: a newer stepwise migrated it.\n" +
            $"hint: run the newer stepwise instead, or roll the schema back with it: 'stepwise db downgrade {latest}{where}', " +
            $"then start this one again. 'stepwise db history{where}' lists the versions.";
    }

    /// <summary>The database for messages: the full path of a SQLite file, or the PostgreSQL URL without its password.</summary>
    public static string Describe(DatabaseUrl database) =>
        database.Kind == DatabaseKind.Sqlite ? Path.GetFullPath(database.ConnectionString) : database.Description;

    /// <summary>The CLI arguments that name the same database.</summary>
    public static string Where(ServerOptions options)
    {
        var fromDataFolder = options.Database.Kind == DatabaseKind.Sqlite && string.Equals(
            Path.GetFullPath(Path.Combine(options.DataDirectory, DatabaseLocation.FileName)),
            Path.GetFullPath(options.Database.ConnectionString),
            StringComparison.Ordinal);
        return fromDataFolder ? $" --data {options.DataDirectory}" : " (with the same DATABASE_URL)";
    }
}
