using Stepwise.Storage;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Where the store lives: <c>DATABASE_URL</c> when set (<c>sqlite:PATH</c>, a <c>postgres://</c> URL or a
/// PostgreSQL key/value connection string), else <c>stepwise.db</c> in the data folder. Shared by
/// <c>stepwise serve</c> and every CLI verb that opens the store; <see cref="StoreOpener"/> opens what it names.
/// </summary>
public static class DatabaseLocation
{
    public const string FileName = "stepwise.db";

    /// <summary>Resolves the database; throws <see cref="ServerConfigurationException"/> for a URL it cannot use.</summary>
    public static DatabaseUrl Resolve(string? databaseUrl, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            if (string.IsNullOrWhiteSpace(dataDirectory))
            {
                throw new ServerConfigurationException("The data folder (--data) must not be empty.");
            }

            return DatabaseUrl.SqliteFile(Path.Combine(dataDirectory, FileName));
        }

        DatabaseUrl database;
        try
        {
            // DatabaseUrl never repeats a password in its messages.
            database = DatabaseUrl.Parse(databaseUrl);
        }
        catch (ArgumentException exception)
        {
            throw new ServerConfigurationException(
                $"DATABASE_URL is not understood: {exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal)} Use sqlite:PATH (for " +
                "example sqlite:./data/stepwise.db), postgres://user:password@host:5432/database, or a key/value " +
                "connection string such as Host=db;Database=stepwise;Username=stepwise.");
        }

        if (database.Kind == DatabaseKind.Sqlite && database.ConnectionString.Trim() == ":memory:")
        {
            throw new ServerConfigurationException(
                $"DATABASE_URL '{databaseUrl.Trim()}' has no file path: use sqlite:PATH, for example sqlite:./data/stepwise.db.");
        }

        return database;
    }
}
