using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The database the <c>db</c> verbs act on: <c>stepwise.db</c> in <c>--data</c>, else DATABASE_URL, else
/// <c>./data/stepwise.db</c>, the same file <c>stepwise serve</c> would open.
/// </summary>
internal static class DbFile
{
    public static (string? Path, string? Error) Resolve(DirectoryInfo? data)
    {
        try
        {
            var path = data is not null
                ? DatabaseLocation.Resolve(null, data.FullName)
                : DatabaseLocation.Resolve(Environment.GetEnvironmentVariable(ServerSettings.DatabaseUrlKey), "./data");
            return (Path.GetFullPath(path), null);
        }
        catch (ServerConfigurationException exception)
        {
            return (null, exception.Message);
        }
    }

    /// <summary>
    /// Opens the schema of an existing database, or of a new one when <paramref name="create"/> is set (only
    /// <c>db upgrade</c> creates: reading the version of a mistyped path must not leave an empty file there).
    /// </summary>
    public static async Task<(SchemaMigrator? Migrator, string? Error)> OpenMigratorAsync(
        DirectoryInfo? data, bool create, CancellationToken cancellationToken)
    {
        var (path, error) = Resolve(data);
        if (path is null)
        {
            return (null, error);
        }

        if (!create && !File.Exists(path))
        {
            return (null, NotFound(path));
        }

        try
        {
            return (await SqliteStorage.OpenMigratorAsync(path, TimeProvider.System, cancellationToken: cancellationToken), null);
        }
        catch (Exception exception) when (IsStoreProblem(exception))
        {
            return (null, $"cannot open the database '{path}': {exception.Message}");
        }
    }

    public static string NotFound(string path) =>
        $"database not found: '{path}'. `stepwise serve` or `stepwise db upgrade` creates it; " +
        "give the folder holding stepwise.db with --data, or set DATABASE_URL=sqlite:PATH.";

    public static bool IsStoreProblem(Exception exception) =>
        exception is ArgumentException or StorageException or SqliteException or IOException
            or UnauthorizedAccessException;
}
