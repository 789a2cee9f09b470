using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Commands;

/// <summary>
/// Opens the server's store for the admin verbs (<c>keys</c>, <c>orgs</c>): the SQLite file in <c>--data</c>, or
/// DATABASE_URL when no <c>--data</c> is given, else <c>./data</c>. A running server may share the file.
/// </summary>
internal static class ServerStore
{
    public static async Task<(StepwiseStorage? Storage, string? Error)> OpenAsync(
        DirectoryInfo? data, CancellationToken cancellationToken)
    {
        string path;
        try
        {
            path = data is not null
                ? DatabaseLocation.Resolve(null, data.FullName)
                : DatabaseLocation.Resolve(Environment.GetEnvironmentVariable("DATABASE_URL"), "./data");
        }
        catch (ServerConfigurationException exception)
        {
            return (null, exception.Message);
        }

        try
        {
            return (await SqliteStorage.OpenAsync(path, TimeProvider.System, cancellationToken: cancellationToken), null);
        }
        catch (Exception exception) when (exception is ArgumentException or StorageException or SchemaVersionException
            or SqliteException or IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot open the store '{path}': {exception.Message}");
        }
    }
}
