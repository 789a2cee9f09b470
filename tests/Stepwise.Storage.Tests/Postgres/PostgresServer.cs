using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server of the test run: the one <c>STEPWISE_TEST_POSTGRES</c> names (a URL or connection string
/// of a user who may create databases), or else a throwaway server initialised into a temp folder, listening on a
/// free port of 127.0.0.1, and stopped and deleted at the end. Each test gets a fresh database of its own.
/// Missing server binaries fail every test that needs them, with a message saying what to install.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "STEPWISE_TEST_POSTGRES";

    private const string ServiceUser = "postgres";

    // A migrated database that fresh test databases are copied from, so a test does not pay for the migration.
    private readonly string templateName = "stepwise_template_" + Guid.NewGuid().ToString("N")[..12];
    private string? folder;
    private string? binaries;
    private NpgsqlConnectionStringBuilder admin = new();

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var url = DatabaseUrl.Parse(external);
            if (url.Kind != DatabaseKind.Postgres)
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} must name a PostgreSQL server, not '{url.Description}'.");
            }

            admin = new NpgsqlConnectionStringBuilder(url.ConnectionString) { Pooling = false };
        }
        else
        {
            await StartThrowawayServerAsync();
        }

        await ExecuteAsync($"CREATE DATABASE {templateName}");
        var template = ConnectionStringFor(templateName);
        await (await Stepwise.Storage.Postgres.PostgresStorage.OpenAsync(template, TimeProvider.System)).DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        if (binaries is null || folder is null)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {templateName} WITH (FORCE)");
            return;
        }

        try
        {
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Creates an empty database, or with <paramref name="migrated"/> one at the latest schema. An
    /// <paramref name="icuLocale"/> such as <c>en-US</c> gives the empty database that language's collation instead of
    /// the server's byte order.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true, string? icuLocale = null)
    {
        var name = "stepwise_test_" + Guid.NewGuid().ToString("N")[..16];
        var sql = (migrated, icuLocale) switch
        {
            (true, null) => $"CREATE DATABASE {name} TEMPLATE {templateName}",
            (false, null) => $"CREATE DATABASE {name}",
            (false, _) => $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}'",
            (true, _) => throw new ArgumentException("A database with its own collation starts empty.", nameof(icuLocale)),
        };
        await ExecuteAsync(sql);
        return ConnectionStringFor(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private string DataFolder => Path.Combine(folder!, "data");

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database, Pooling = true }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task StartThrowawayServerAsync()
    {
        binaries = FindBinaries();
        folder = Directory.CreateTempSubdirectory("stepwise-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", [ServiceUser + ":" + ServiceUser, folder], asServiceUser: false);
        }

        await RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            try
            {
                await RunAsync(Path.Combine(binaries, "pg_ctl"),
                [
                    "-D", DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c synchronous_commit=off " +
                        "-c full_page_writes=off -c max_connections=200",
                    "start",
                ]);
                admin = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false,
                };
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between probing and starting; try another.
            }
        }
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "The PostgreSQL tests need a PostgreSQL server: no initdb and pg_ctl were found in " +
            "/usr/lib/postgresql/<version>/bin. Install the server (Debian: apt-get install -y postgresql-15, or " +
            $"postgresql) or set {EnvironmentVariable} to a server's URL, such as " +
            "postgres://postgres:secret@127.0.0.1:5432/postgres.");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Runs a server tool, as the postgres user when we are root (initdb refuses to run as root).</summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser && Environment.UserName == "root")
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", ServiceUser, "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n" +
                $"{await output}\n{await error}");
        }
    }
}
