using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The database the <c>db</c> verbs and the admin verbs act on: <c>stepwise.db</c> in <c>--data</c>, else
/// DATABASE_URL (SQLite or PostgreSQL), else <c>./data/stepwise.db</c>, the same database <c>stepwise serve</c>
/// would open. Opening goes through <see cref="StoreOpener"/>, as the server's does.
/// </summary>
internal static class DbFile
{
    public static (DatabaseUrl? Database, string? Error) Resolve(DirectoryInfo? data)
    {
        try
        {
            var database = data is not null
                ? DatabaseLocation.Resolve(null, data.FullName)
                : DatabaseLocation.Resolve(Environment.GetEnvironmentVariable(ServerSettings.DatabaseUrlKey), "./data");
            return database.Kind == DatabaseKind.Sqlite
                ? (DatabaseUrl.SqliteFile(Path.GetFullPath(database.ConnectionString)), null)
                : (database, null);
        }
        catch (ServerConfigurationException exception)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>The pool size of STEPWISE_DB_MAX_CONNECTIONS, or the error naming it.</summary>
    public static (int MaxConnections, string? Error) MaxConnections()
    {
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection([new(ServerSettings.DbMaxConnectionsKey,
                    Environment.GetEnvironmentVariable(ServerSettings.DbMaxConnectionsKey))])
                .Build();
            return (ServerSettings.ReadDbMaxConnections(configuration), null);
        }
        catch (ServerConfigurationException exception)
        {
            return (0, exception.Message);
        }
    }

    /// <summary>
    /// Opens the schema of an existing database, or of a new one when <paramref name="create"/> is set (only
    /// <c>db upgrade</c> creates: reading the version of a mistyped path must not leave an empty file there).
    /// </summary>
    public static async Task<(SchemaMigrator? Migrator, string? Error)> OpenMigratorAsync(
        DirectoryInfo? data, bool create, CancellationToken cancellationToken)
    {
        var (database, error) = Resolve(data);
        if (database is null)
        {
            return (null, error);
        }

        if (!create && !StoreOpener.Exists(database))
        {
            return (null, NotFound(database.ConnectionString));
        }

        var (maxConnections, poolError) = MaxConnections();
        if (poolError is not null)
        {
            return (null, poolError);
        }

        try
        {
            return (await StoreOpener.OpenMigratorAsync(database, maxConnections, TimeProvider.System, cancellationToken), null);
        }
        catch (Exception exception) when (IsStoreProblem(exception))
        {
            return (null, $"cannot open the database '{database.Description}': {exception.Message}");
        }
    }

    /// <summary>Opens (and migrates) the store, for the admin verbs (<c>keys</c>, <c>orgs</c>).</summary>
    public static async Task<(StepwiseStorage? Storage, string? Error)> OpenStoreAsync(
        DirectoryInfo? data, CancellationToken cancellationToken)
    {
        var (database, error) = Resolve(data);
        if (database is null)
        {
            return (null, error);
        }

        var (maxConnections, poolError) = MaxConnections();
        if (poolError is not null)
        {
            return (null, poolError);
        }

        try
        {
            return (await StoreOpener.OpenAsync(database, maxConnections, TimeProvider.System, null, cancellationToken), null);
        }
        catch (Exception exception) when (IsStoreProblem(exception) || exception is SchemaVersionException)
        {
            return (null, $"cannot open the store '{database.Description}': {exception.Message}");
        }
    }

    /// <summary>
    /// For the verbs that read a SQLite file directly (<c>db check</c>): the message saying so when the database
    /// is PostgreSQL, else null.
    /// </summary>
    public static string? RequireSqlite(DatabaseUrl database, string verb) =>
        database.Kind == DatabaseKind.Sqlite
            ? null
            : $"'stepwise db {verb}' checks a SQLite file, and DATABASE_URL names the PostgreSQL database " +
              $"{database.Description}; PostgreSQL checks its own pages (use amcheck's verify_heapam and " +
              "bt_index_check, or pg_dump to a scratch file, to look for corruption there).";

    public static string NotFound(string path) =>
        $"database not found: '{path}'. `stepwise serve` or `stepwise db upgrade` creates it; " +
        "give the folder holding stepwise.db with --data, or set DATABASE_URL=sqlite:PATH.";

    public static bool IsStoreProblem(Exception exception) =>
        exception is ArgumentException or StorageException or SqliteException or NpgsqlException or IOException
            or UnauthorizedAccessException;
}
