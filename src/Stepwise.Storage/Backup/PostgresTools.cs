using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Stepwise.Storage.Backup;

/// <summary>
/// PostgreSQL's own dump tools, which a backup of a PostgreSQL store uses: <c>pg_dump</c> (one consistent snapshot
/// of a live database, in the custom format) and <c>pg_restore</c>. They are found on PATH, then in
/// /usr/lib/postgresql/&lt;version&gt;/bin, newest first (Debian keeps them off PATH), unless a folder is named.
/// The connection goes to them in PG* environment variables, so the password never appears in a process list.
/// </summary>
public static class PostgresTools
{
    public const string Dump = "pg_dump";
    public const string Restore = "pg_restore";

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The path of <paramref name="tool"/>, or null: in <paramref name="folder"/> only when it is given.</summary>
    public static string? Find(string tool, string? folder)
    {
        IEnumerable<string> folders = folder is not null ? [folder] : SearchFolders();
        return folders.Select(candidate => Path.Combine(candidate, tool)).FirstOrDefault(File.Exists);
    }

    /// <summary>What to do when <paramref name="tool"/> is not found: which package to install, or where to point.</summary>
    public static string NotFound(string tool, string? folder, string? serverVersion) =>
        (folder is not null
            ? $"{tool} was not found in {Path.GetFullPath(folder)}."
            : $"{tool} was not found on PATH or in {DebianRoot}/*/bin.") +
        $" Install the PostgreSQL client tools{(serverVersion is null ? string.Empty : $" of version {Major(serverVersion)} or newer (the server runs {serverVersion})")}" +
        $" (Debian/Ubuntu: apt-get install postgresql-client{(serverVersion is null ? string.Empty : $"-{Major(serverVersion)}")};" +
        " RHEL/Fedora: dnf install postgresql; macOS: brew install libpq), or name their folder with --pg-bin.";

    /// <summary>Runs a tool against <paramref name="database"/>; returns its exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Errors)> RunAsync(
        string program, IReadOnlyList<string> arguments, DatabaseUrl database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(database);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(database))
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await output.ConfigureAwait(false);
        return (process.ExitCode, (await errors.ConfigureAwait(false)).Trim());
    }

    /// <summary>The server's version (<c>SHOW server_version</c>), or null when it cannot be reached.</summary>
    public static async Task<string?> ServerVersionAsync(DatabaseUrl database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        try
        {
            var connection = new NpgsqlConnection(Unpooled(database, "stepwise db"));
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return connection.PostgreSqlVersion.ToString();
            }
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>
    /// The application names of the other sessions connected to <paramref name="database"/>: stepwise nodes (and
    /// anything else) that a restore would pull the tables from under.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OtherSessionsAsync(DatabaseUrl database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var connection = new NpgsqlConnection(Unpooled(database, "stepwise db restore"));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT COALESCE(NULLIF(application_name, ''), 'unnamed') FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
                ORDER BY 1
                """;
            var names = new List<string>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names.Add(reader.GetString(0));
                }
            }

            return names;
        }
    }

    private static string Unpooled(DatabaseUrl database, string application) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = application }.ConnectionString;

    private static string Major(string version) => version.Split('.')[0];

    private static IEnumerable<string> SearchFolders()
    {
        var onPath = (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var versions = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot)
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var number) ? number : 0)
                .Select(version => Path.Combine(version, "bin"))
            : [];
        return onPath.Concat(versions);
    }

    private static IEnumerable<(string Name, string Value)> Environment(DatabaseUrl database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        yield return ("PGHOST", builder.Host ?? "localhost");
        yield return ("PGPORT", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("PGDATABASE", builder.Database ?? builder.Username ?? "postgres");
        yield return ("PGAPPNAME", "stepwise db backup");
        if (builder.Username is { } user)
        {
            yield return ("PGUSER", user);
        }

        if (builder.Password is { } password)
        {
            yield return ("PGPASSWORD", password);
        }

        yield return ("PGSSLMODE", builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        if (builder.RootCertificate is { } rootCertificate)
        {
            yield return ("PGSSLROOTCERT", rootCertificate);
        }

        if (builder.Timeout > 0)
        {
            yield return ("PGCONNECT_TIMEOUT", builder.Timeout.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
