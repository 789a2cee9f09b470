namespace Stepwise.Server.Hosting;

/// <summary>
/// Where the store lives: <c>DATABASE_URL</c> when set (only <c>sqlite:PATH</c> for now), else <c>stepwise.db</c>
/// in the data folder. Shared by <c>stepwise serve</c> and every CLI verb that opens the store.
/// </summary>
public static class DatabaseLocation
{
    public const string FileName = "stepwise.db";

    /// <summary>Resolves the SQLite file path; throws <see cref="ServerConfigurationException"/> for a URL it cannot use.</summary>
    public static string Resolve(string? databaseUrl, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(databaseUrl))
        {
            if (string.IsNullOrWhiteSpace(dataDirectory))
            {
                throw new ServerConfigurationException("The data folder (--data) must not be empty.");
            }

            return Path.Combine(dataDirectory, FileName);
        }

        var url = databaseUrl.Trim();
        if (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            // The URL may hold a password, so it is not echoed.
            throw new ServerConfigurationException(
                "DATABASE_URL names a PostgreSQL database, which this version cannot use yet (PostgreSQL support " +
                "arrives with issue 8). Use DATABASE_URL=sqlite:PATH, or unset it to use stepwise.db in --data.");
        }

        if (!url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ServerConfigurationException(
                $"DATABASE_URL '{url}' is not understood: use sqlite:PATH, for example sqlite:./data/stepwise.db " +
                "or sqlite:///var/lib/stepwise/stepwise.db.");
        }

        var path = url["sqlite:".Length..];
        if (path.StartsWith("///", StringComparison.Ordinal))
        {
            path = path[2..];
        }
        else if (path.StartsWith("//", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        if (string.IsNullOrWhiteSpace(path) || path.Trim() == ":memory:")
        {
            throw new ServerConfigurationException(
                $"DATABASE_URL '{url}' has no file path: use sqlite:PATH, for example sqlite:./data/stepwise.db.");
        }

        return path;
    }
}
