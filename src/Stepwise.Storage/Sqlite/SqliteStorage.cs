using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Storage.Common;
using Stepwise.Storage.Migrations;

namespace Stepwise.Storage.Sqlite;

/// <summary>Opens Stepwise storage in a SQLite file: the embedded default, with no set-up.</summary>
public static class SqliteStorage
{
    /// <summary>
    /// Opens (creating the folder and file when missing) the database at <paramref name="path"/>, migrates it to
    /// the latest schema, and starts the writer. Throws <see cref="SchemaVersionException"/> when the file was
    /// migrated by a newer Stepwise.
    /// </summary>
    public static Task<StepwiseStorage> OpenAsync(
        string path,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(path, timeProvider, WalCheckpointLimits.Default, loggerFactory, options, cancellationToken);

    /// <summary>As <see cref="OpenAsync(string, TimeProvider, ILoggerFactory?, StorageOptions?, CancellationToken)"/>, with the WAL checkpointed at <paramref name="checkpoints"/>.</summary>
    internal static async Task<StepwiseStorage> OpenAsync(
        string path,
        TimeProvider timeProvider,
        WalCheckpointLimits checkpoints,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(checkpoints);
        options ??= new StorageOptions();
        options.Validate();
        var fullPath = CheckPath(path);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Storage");

        // Started with the store and stopped when it closes (or fails to open): StepwiseStorage stops it through the dialect.
        var dialect = new SqliteDialect(fullPath, options.BusyTimeout, new SqliteCheckpointer(fullPath, checkpoints, logger));
        return await StepwiseStorage.OpenAsync(dialect, timeProvider, loggerFactory, options, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the database at <paramref name="path"/> for schema commands only (current, history, upgrade,
    /// downgrade); unlike <see cref="OpenAsync"/> it migrates nothing by itself.
    /// </summary>
    public static async Task<SchemaMigrator> OpenMigratorAsync(
        string path,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var dialect = new SqliteDialect(CheckPath(path), new StorageOptions().BusyTimeout);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Storage");
        var connection = await dialect.OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
        return new SchemaMigrator(
            dialect, connection, new MigrationRunner(dialect, MigrationCatalog.All, timeProvider, logger));
    }

    /// <summary>The full path of the database file, its folder created; throws when it cannot be one.</summary>
    private static string CheckPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The SQLite database path must not be empty.", nameof(path));
        }

        if (path.Trim() == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"The SQLite database path must be a file path, not '{path}': the writer and the readers each open " +
                "the file, so an in-memory or URI database cannot be shared between them.",
                nameof(path));
        }

        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(fullPath);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException
            or NotSupportedException or ArgumentException)
        {
            throw new ArgumentException(
                $"The SQLite database path '{path}' cannot be used: {exception.Message}", nameof(path), exception);
        }

        if (Directory.Exists(fullPath))
        {
            throw new ArgumentException(
                $"The SQLite database path '{fullPath}' is a folder; give the path of the database file inside it.",
                nameof(path));
        }

        return fullPath;
    }
}
