using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Stepwise.Storage.Migrations;

namespace Stepwise.Storage.Postgres;

/// <summary>Opens Stepwise storage in PostgreSQL, shared by any number of Stepwise processes.</summary>
public static class PostgresStorage
{
    /// <summary>
    /// Connects to the database <paramref name="connectionString"/> names (a <c>postgres://</c> URL or a key/value
    /// connection string), migrates it to the latest schema (once, however many processes start at the same time),
    /// and starts the writer. Throws <see cref="SchemaVersionException"/> when a newer Stepwise migrated it.
    /// </summary>
    public static async Task<StepwiseStorage> OpenAsync(
        string connectionString,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new StorageOptions();
        options.Validate();
        var dialect = CreateDialect(connectionString, options, loggerFactory);
        return await StepwiseStorage.OpenAsync(dialect, timeProvider, loggerFactory, options, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Connects for schema commands only (current, history, upgrade, downgrade); unlike <see cref="OpenAsync"/> it
    /// migrates nothing by itself.
    /// </summary>
    public static async Task<SchemaMigrator> OpenMigratorAsync(
        string connectionString,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new StorageOptions();
        options.Validate();
        var dialect = CreateDialect(connectionString, options, loggerFactory);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Storage");
        try
        {
            var connection = await dialect.OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new SchemaMigrator(
                dialect, connection, new MigrationRunner(dialect, MigrationCatalog.All, timeProvider, logger));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            dialect.ReleaseResources();
            throw Common.StorageErrors.Translate(dialect, exception, $"Connecting to {dialect.Description}");
        }
    }

    private static PostgresDialect CreateDialect(
        string connectionString, StorageOptions options, ILoggerFactory? loggerFactory)
    {
        var url = DatabaseUrl.Parse(connectionString);
        if (url.Kind != DatabaseKind.Postgres)
        {
            throw new ArgumentException(
                $"'{url.Description}' is not a PostgreSQL URL or connection string; open a SQLite file with " +
                "SqliteStorage, or write postgres://user:password@host:5432/database.",
                nameof(connectionString));
        }

        var builder = new NpgsqlDataSourceBuilder(url.ConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxConnections;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, options.MaxConnections);
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
        {
            builder.ConnectionStringBuilder.ApplicationName = "stepwise";
        }

        // The work listener's connection sits idle for hours; a keepalive query notices (and a NAT never forgets)
        // a connection the network dropped silently, where no notification would ever arrive again.
        if (builder.ConnectionStringBuilder.KeepAlive == 0)
        {
            builder.ConnectionStringBuilder.KeepAlive = 30;
        }

        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return new PostgresDialect(builder.Build(), url.Description, options.BusyTimeout);
    }
}
