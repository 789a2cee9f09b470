using System.Diagnostics;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// A throwaway PostgreSQL server for the scale-out tests: initialised into a temp folder (as the <c>postgres</c>
/// user when the tests run as root, since initdb refuses root), listening on a free port of 127.0.0.1, restartable,
/// stopped and deleted at the end. The storage tests have their own fixture built on Npgsql; these tests talk to the
/// database only through <c>stepwise serve</c>, so this one needs no client library.
/// </summary>
public sealed class PostgresProcess : IAsyncDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string binaries;
    private readonly string folder;

    private PostgresProcess(string binaries, string folder, int port)
    {
        this.binaries = binaries;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>DATABASE_URL of the server's <c>postgres</c> database (trust authentication, no password).</summary>
    public string Url => $"postgres://postgres@127.0.0.1:{Port}/postgres";

    private string DataFolder => Path.Combine(folder, "data");

    public static async Task<PostgresProcess> StartAsync()
    {
        var binaries = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("stepwise-e2e-pg-").FullName;
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", [ServiceUser + ":" + ServiceUser, folder], asServiceUser: false);
        }

        await RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", Path.Combine(folder, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var server = new PostgresProcess(binaries, folder, ServerInstance.FreePort());
        await server.StartServerAsync();
        return server;
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

    private static string FindBinaries() =>
        (Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null)
        ?? throw new InvalidOperationException(
            "The scale-out tests need a PostgreSQL server: no initdb and pg_ctl were found in " +
            "/usr/lib/postgresql/<version>/bin. Install it (Debian: apt-get install -y postgresql-15).");

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
