using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>`stepwise db backup` and `db restore` of a PostgreSQL store through pg_dump and pg_restore.</summary>
[RequiresPostgres(LocalServer = true)]
public sealed class PostgresBackupTests
{
    [PostgresFact]
    public async Task BackupRestore_Postgres_RoundTripIntoAnotherDatabaseAndRunsFinish()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var nodeA = new TempFolder();
        using var nodeB = new TempFolder();
        using var scratch = new TempFolder();
        var archive = scratch.File("pg.tar");
        var sourceEnvironment = Environment(postgres.Url);
        var ids = new List<string>();
        await using (var server = await ServerInstance.StartAsync(nodeA.Path, new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url }))
        {
            using (var client = server.Client())
            {
                await client.DeployAsync(BackupRestoreTests.PausedChain);
                for (var i = 0; i < 20; i++)
                {
                    ids.Add((await client.StartAsync("paused_chain")).Id());
                }
            }

            var backup = await StepwiseProcess.RunAsync(["db", "backup", archive, "--data", nodeA.Path, "-o", "json"], sourceEnvironment);
            Assert.True(backup.ExitCode == 0, backup.Stderr);
            Assert.Equal("postgres", (string?)JsonNode.Parse(backup.Stdout)!["database_kind"]);

            // The server (of another data folder) holds the database: restoring over it is refused.
            var busy = await StepwiseProcess.RunAsync(["db", "restore", archive, "--data", nodeB.Path, "--force"], sourceEnvironment);
            Assert.Equal(1, busy.ExitCode);
            Assert.Contains("other session(s) are connected to", busy.Stderr, StringComparison.Ordinal);
            Assert.Contains("stop every stepwise server using it (and any other client), then restore.", busy.Stderr, StringComparison.Ordinal);
        }

        await CreateDatabaseAsync(postgres, "restored");
        var restore = await StepwiseProcess.RunAsync(["db", "restore", archive, "--data", nodeB.Path], Environment(postgres.UrlOf("restored")));
        Assert.True(restore.ExitCode == 0, restore.Stderr);

        // Again over the restored data: refused without --force; with it, the store is dumped aside first.
        var again = await StepwiseProcess.RunAsync(["db", "restore", archive, "--data", nodeB.Path], Environment(postgres.UrlOf("restored")));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds data (schema version ", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("restoring replaces it. Add --force to replace it (a pg_dump of it is kept as before-restore-", again.Stderr, StringComparison.Ordinal);
        var forced = await StepwiseProcess.RunAsync(
            ["db", "restore", archive, "--data", nodeB.Path, "--force"], Environment(postgres.UrlOf("restored")));
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Single(Directory.GetFiles(nodeB.Path, "before-restore-*.pgdump"));

        await using var restored = await ServerInstance.StartAsync(
            nodeB.Path, new Dictionary<string, string> { ["DATABASE_URL"] = postgres.UrlOf("restored") });
        using var after = restored.Client();
        foreach (var id in ids)
        {
            var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(120), "succeeded", "failed");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
        }
    }

    [PostgresFact]
    public async Task Backup_PostgresWithoutPgDump_NamesWhatToInstall()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var node = new TempFolder();
        using var empty = new TempFolder();

        var backup = await StepwiseProcess.RunAsync(
            ["db", "backup", node.File("b.tar"), "--data", node.Path, "--pg-bin", empty.Path], Environment(postgres.Url));

        Assert.Equal(1, backup.ExitCode);
        Assert.Contains($"stepwise: pg_dump was not found in {empty.Path}. Install the PostgreSQL client tools of version ", backup.Stderr, StringComparison.Ordinal);
        Assert.Contains("(Debian/Ubuntu: apt-get install postgresql-client-", backup.Stderr, StringComparison.Ordinal);
        Assert.Contains("or name their folder with --pg-bin.", backup.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(node.File("b.tar")));
    }

    private static Dictionary<string, string> Environment(string url) => new()
    {
        ["DATABASE_URL"] = url,
        ["STEPWISE_MASTER_KEY"] = ServerInstance.SharedMasterKey,
        ["JWT_SECRET"] = ServerInstance.SharedJwtSecret,
    };

    private static async Task CreateDatabaseAsync(PostgresLauncher postgres, string name)
    {
        var psql = PostgresBinaries.SearchFolders().Select(folder => Path.Combine(folder, "psql")).First(File.Exists);
        var start = new ProcessStartInfo(psql) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-c", $"CREATE DATABASE {name}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
    }
}
