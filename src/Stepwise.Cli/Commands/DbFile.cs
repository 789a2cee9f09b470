using Microsoft.Data.Sqlite;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The database the <c>db</c> verbs and the admin verbs act on: the one <c>stepwise serve</c> would open for the same
/// flags, environment and stepwise.json, as <see cref="StepwiseSettings"/> resolves them (DATABASE_URL when set,
/// else <c>stepwise.db</c> in the data folder of <c>--data</c> or STEPWISE_DATA). Opening goes through
/// <see cref="StoreOpener"/>, as the server's does.
/// </summary>
internal static class DbFile
{
    /// <summary>The node's resolved settings and where they came from, or the message naming every bad setting.</summary>
    public static (NodeSettings? Node, string? Error) ResolveNode(DirectoryInfo? data)
    {
        try
        {
            var configuration = StepwiseSettings.Resolve(StepwiseSettings.DataFlag(data));
            var options = ServerSettings.Read(configuration);
            if (options.Database.Kind == DatabaseKind.Sqlite)
            {
                options.Database = DatabaseUrl.SqliteFile(Path.GetFullPath(options.Database.ConnectionString));
            }

            return (new NodeSettings(options, configuration), null);
        }
        catch (ServerConfigurationException exception)
        {
            return (null, exception.Message);
        }
    }

    public static (DatabaseUrl? Database, string? Error) Resolve(DirectoryInfo? data)
    {
        var (node, error) = ResolveNode(data);
        return (node?.Options.Database, error);
    }

    /// <summary>
    /// Opens the schema of an existing database, or of a new one when <paramref name="create"/> is set (only
    /// <c>db upgrade</c> creates: reading the version of a mistyped path must not leave an empty file there).
    /// </summary>
    public static async Task<(SchemaMigrator? Migrator, string? Error)> OpenMigratorAsync(
        DirectoryInfo? data, bool create, CancellationToken cancellationToken)
    {
        var (node, error) = ResolveNode(data);
        if (node is null)
        {
            return (null, error);
        }

        var database = node.Options.Database;
        if (!create && !StoreOpener.Exists(database))
        {
            return (null, NotFound(database.ConnectionString));
        }

        try
        {
            return (await StoreOpener.OpenMigratorAsync(database, node.Options.DbMaxConnections, TimeProvider.System, cancellationToken), null);
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
        var (node, error) = ResolveNode(data);
        return node is null ? (null, error) : await OpenStoreAsync(node, cancellationToken);
    }

    /// <summary>Opens (and migrates) the store of resolved settings.</summary>
    public static async Task<(StepwiseStorage? Storage, string? Error)> OpenStoreAsync(
        NodeSettings node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var database = node.Options.Database;
        try
        {
            return (await StoreOpener.OpenAsync(database, node.Options.DbMaxConnections, TimeProvider.System, null, cancellationToken), null);
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
