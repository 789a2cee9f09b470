using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Postgres;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Storage;

/// <summary>
/// Where the database is, as <c>DATABASE_URL</c> gives it: a <c>postgres://user:pass@host:port/db</c> URL, a
/// PostgreSQL key/value connection string (<c>Host=...;Database=...</c>), a <c>sqlite:</c> URL, or a plain file
/// path for SQLite. Hosts parse it once and open whichever store it names.
/// </summary>
public sealed partial class DatabaseUrl
{
    private DatabaseUrl(DatabaseKind kind, string connectionString, string description)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Description = description;
    }

    public DatabaseKind Kind { get; }

    /// <summary>For SQLite the file path; for PostgreSQL an Npgsql connection string, which may hold a password.</summary>
    public string ConnectionString { get; }

    /// <summary>The database for messages and logs: the path, or <c>postgres://user@host:port/db</c>; never a password.</summary>
    public string Description { get; }

    /// <summary>
    /// Reads <paramref name="value"/>; throws <see cref="ArgumentException"/> naming what is wrong with it (never
    /// repeating a password).
    /// </summary>
    public static DatabaseUrl Parse(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The database URL must not be empty.", nameof(value));
        }

        var text = value.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = PostgresConnectionStrings.FromUrl(text);
            return new DatabaseUrl(DatabaseKind.Postgres, connectionString, PostgresConnectionStrings.Describe(connectionString));
        }

        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite(SqlitePathOf(text));
        }

        if (SchemeRegex().Match(text) is { Success: true } scheme)
        {
            throw new ArgumentException(
                $"The database URL scheme '{scheme.Groups[1].Value}' is not supported; use postgres://, " +
                "postgresql://, sqlite: or a file path.",
                nameof(value));
        }

        if (text.Contains('=', StringComparison.Ordinal))
        {
            var connectionString = PostgresConnectionStrings.FromKeyValues(text);
            return new DatabaseUrl(DatabaseKind.Postgres, connectionString, PostgresConnectionStrings.Describe(connectionString));
        }

        return Sqlite(text);
    }

    /// <summary>Opens and migrates the store this URL names; see the dialects' own <c>OpenAsync</c>.</summary>
    public Task<StepwiseStorage> OpenAsync(
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default) => Kind switch
        {
            DatabaseKind.Postgres =>
                PostgresStorage.OpenAsync(ConnectionString, timeProvider, loggerFactory, options, cancellationToken),
            _ => SqliteStorage.OpenAsync(ConnectionString, timeProvider, loggerFactory, options, cancellationToken),
        };

    /// <summary>Opens the schema of the database this URL names, for <c>stepwise db</c> commands.</summary>
    public Task<SchemaMigrator> OpenMigratorAsync(
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory = null,
        StorageOptions? options = null,
        CancellationToken cancellationToken = default) => Kind switch
        {
            DatabaseKind.Postgres =>
                PostgresStorage.OpenMigratorAsync(ConnectionString, timeProvider, loggerFactory, options, cancellationToken),
            _ => SqliteStorage.OpenMigratorAsync(ConnectionString, timeProvider, loggerFactory, cancellationToken),
        };

    /// <summary>The SQLite file at <paramref name="path"/> as it is, with no URL parsing (a folder name may hold '=' or '%').</summary>
    public static DatabaseUrl SqliteFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Sqlite(path);
    }

    public override string ToString() => Description;

    private static DatabaseUrl Sqlite(string path) => new(DatabaseKind.Sqlite, path, path);

    // sqlite:///abs/path.db and sqlite://rel/path.db (as other tools write them) and sqlite:path.db.
    private static string SqlitePathOf(string url)
    {
        var path = url["sqlite:".Length..];
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"The SQLite URL '{url}' names no file; write sqlite:path/to/stepwise.db.", "value");
        }

        return Uri.UnescapeDataString(path);
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*)://", RegexOptions.CultureInvariant)]
    private static partial Regex SchemeRegex();
}
