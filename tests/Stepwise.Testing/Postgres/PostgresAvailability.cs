namespace Stepwise.Testing;

/// <summary>
/// Whether the PostgreSQL tests can run here: a server named by <c>STEPWISE_TEST_POSTGRES</c>, or server binaries
/// (<c>initdb</c>, <c>pg_ctl</c>) to start a throwaway one. Without either they are skipped with
/// <see cref="NotFound"/>, except on CI (<c>CI=true</c>), where a missing PostgreSQL fails them: CI must run them all.
/// </summary>
public static class PostgresAvailability
{
    /// <summary>A URL or connection string of a server the tests may create databases on.</summary>
    public const string ServerVariable = "STEPWISE_TEST_POSTGRES";

    /// <summary>The reason every PostgreSQL test shows when it is skipped, and the start of the failure on CI.</summary>
    public const string NotFound = "PostgreSQL not found: install postgresql-15 or set " + ServerVariable;

    /// <summary>For tests that start and stop a server of their own, where a named server is not enough.</summary>
    public const string BinariesNotFound =
        "PostgreSQL not found: install postgresql-15 (these tests start and stop a server of their own, so " +
        ServerVariable + " is not enough)";

    /// <summary>The server <see cref="ServerVariable"/> names, or null.</summary>
    public static string? ExternalServer(Func<string, string?>? environment = null)
    {
        var value = (environment ?? Environment.GetEnvironmentVariable)(ServerVariable);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>True on a CI machine (<c>CI=true</c>, as GitHub Actions, GitLab and .ci/run set it).</summary>
    public static bool IsCi(Func<string, string?>? environment = null) =>
        (environment ?? Environment.GetEnvironmentVariable)("CI") is { } value
        && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>
    /// Why a PostgreSQL test is skipped here, or null when it runs: PostgreSQL was found, or this is CI and its
    /// absence must fail the test. <paramref name="localServer"/> asks for binaries even when a server is named.
    /// </summary>
    public static string? SkipReason(bool localServer = false, Func<string, string?>? environment = null)
    {
        if (IsCi(environment) || PostgresBinaries.Find(environment) is not null)
        {
            return null;
        }

        return localServer ? BinariesNotFound : ExternalServer(environment) is null ? NotFound : null;
    }
}
