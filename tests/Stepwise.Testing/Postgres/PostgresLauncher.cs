using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Stepwise.Testing;

/// <summary>
/// A throwaway PostgreSQL server: initialised into a temp folder (as the <c>postgres</c> user when the tests run as
/// root, since initdb refuses root), listening on a free port of 127.0.0.1 with durability off (tests do not survive
/// power cuts), restartable, stopped and deleted on dispose. Its superuser is <c>postgres</c> with trust
/// authentication. The one launcher of every test project; without server binaries it throws
/// <see cref="PostgresAvailability.NotFound"/> (tests marked <see cref="RequiresPostgresAttribute"/> are skipped
/// before that, except on CI).
/// </summary>
public sealed class PostgresLauncher : IAsyncDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string binaries;
    private readonly string folder;

    private PostgresLauncher(string binaries, string folder)
    {
        this.binaries = binaries;
        this.folder = folder;
    }

    public int Port { get; private set; }

    /// <summary>A DATABASE_URL of the server's <c>postgres</c> database.</summary>
    public string Url => UrlOf("postgres");

    /// <summary>A DATABASE_URL of <paramref name="database"/> on this server.</summary>
    public string UrlOf(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}";

    private string DataFolder => Path.Combine(folder, "data");

    public static async Task<PostgresLauncher> StartAsync(Func<string, string?>? environment = null)
    {
        var binaries = PostgresBinaries.Find(environment) ?? throw new InvalidOperationException(
            $"{PostgresAvailability.NotFound}. No folder with initdb and pg_ctl among: " +
            $"{string.Join(Path.PathSeparator, PostgresBinaries.SearchFolders(environment))}.");
        var folder = Directory.CreateTempSubdirectory("stepwise-pg-").FullName;
        var server = new PostgresLauncher(binaries, folder);
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", [ServiceUser + ":" + ServiceUser, folder], asServiceUser: false);
            }

            await RunAsync(Path.Combine(binaries, "initdb"),
                ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort();
                try
                {
                    await server.StartServerAsync();
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Another process took the port between probing and starting; try another.
                }
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown: every connection is cut), as an operator's restart does first.</summary>
    public Task StopAsync() => RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the stopped server again on the same port.</summary>
    public Task StartAgainAsync() => StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task StartServerAsync() => RunAsync(Path.Combine(binaries, "pg_ctl"),
    [
        "-D", DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {folder} -c fsync=off -c synchronous_commit=off " +
            "-c full_page_writes=off -c max_connections=200",
        "start",
    ]);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Runs a server tool, as the postgres user when we are root (initdb refuses to run as root).</summary>
    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
