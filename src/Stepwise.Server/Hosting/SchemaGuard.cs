using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Server.Hosting;

/// <summary>
/// Runs before the store opens: a database migrated by a newer stepwise stops the start with the command that
/// fixes it. (A database behind the code is simply upgraded when the store opens.)
/// </summary>
internal static class SchemaGuard
{
    public static async Task RequireNotAheadAsync(ServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.DatabasePath))
        {
            return;
        }

        int current;
        int latest;
        var migrator = await SqliteStorage.OpenMigratorAsync(options.DatabasePath, time, cancellationToken: cancellationToken);
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
        return $"the database {Path.GetFullPath(options.DatabasePath)} is at schema version {current}, ahead of this " +
            $"stepwise {ServerVersion.Current}, which knows versions up to {latest}: a newer stepwise migrated it.\n" +
            $"hint: run the newer stepwise instead, or roll the schema back with it: 'stepwise db downgrade {latest}{where}', " +
            $"then start this one again. 'stepwise db history{where}' lists the versions.";
    }

    /// <summary>The CLI arguments that name the same database.</summary>
    public static string Where(ServerOptions options)
    {
        var fromDataFolder = string.Equals(
            Path.GetFullPath(Path.Combine(options.DataDirectory, DatabaseLocation.FileName)),
            Path.GetFullPath(options.DatabasePath),
            StringComparison.Ordinal);
        return fromDataFolder ? $" --data {options.DataDirectory}" : " (with the same DATABASE_URL)";
    }
}
