namespace Stepwise.Testing;

/// <summary>
/// Finds the PostgreSQL server programs: the first folder holding both <c>initdb</c> and <c>pg_ctl</c>, looking on
/// PATH, then in /usr/lib/postgresql/&lt;version&gt;/bin, newest version first (Debian keeps them off PATH).
/// <see cref="SearchVariable"/> replaces both with its own list of folders (a test simulates a machine without
/// PostgreSQL by pointing it at an empty folder).
/// </summary>
public static class PostgresBinaries
{
    public const string SearchVariable = "STEPWISE_TEST_POSTGRES_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The folder with <c>initdb</c> and <c>pg_ctl</c>, or null.</summary>
    public static string? Find(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return SearchFolders(environment).FirstOrDefault(folder =>
            File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    /// <summary>Where <see cref="Find"/> looks, in order.</summary>
    public static IEnumerable<string> SearchFolders(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(SearchVariable) is { } only)
        {
            return Split(only);
        }

        var versions = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var number) ? number : 0)
                .Select(version => Path.Combine(version, "bin"))
            : [];
        return Split(environment("PATH") ?? string.Empty).Concat(versions);
    }

    private static IEnumerable<string> Split(string folders) =>
        folders.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
