using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>`stepwise db backup` and `db restore` on SQLite stores: the round trip, and each refusal with its message.</summary>
public sealed class DbBackupTests
{
    [Fact]
    public async Task BackupThenRestore_FreshFolder_SameRunsKeysAndAuditEntries()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("nightly.tar");

        var backup = await source.RunAsync("db", "backup", archive);
        var restore = await target.RunAsync("db", "restore", archive);

        DbFixture.Ok(backup);
        Assert.Contains("Backed up", backup.Stdout, StringComparison.Ordinal);
        Assert.Contains("stepwise.db, master.key, jwt-signing.key", backup.Stdout, StringComparison.Ordinal);
        AssertOwnerOnly(archive);
        DbFixture.Ok(restore);
        Assert.Contains($"into {target.DatabasePath}", restore.Stdout, StringComparison.Ordinal);
        Assert.Equal(source.Scalar("SELECT COUNT(*) FROM executions"), target.Scalar("SELECT COUNT(*) FROM executions"));
        Assert.Equal(source.Scalar("SELECT COUNT(*) FROM steps"), target.Scalar("SELECT COUNT(*) FROM steps"));
        foreach (var key in new[] { "master.key", "jwt-signing.key" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(source.DataFolder, key)), File.ReadAllText(Path.Combine(target.DataFolder, key)));
            AssertOwnerOnly(Path.Combine(target.DataFolder, key));
        }

        Assert.Equal(1, source.Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'store.backup' AND actor_type = 'cli'"));
        // The backup's own entry is written after the copy is taken, so only the source has it.
        Assert.Equal(0, target.Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'store.backup'"));
        Assert.Equal(1, target.Scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'store.restore' AND actor_type = 'cli'"));
        DbFixture.Ok(await target.RunAsync("db", "check"));
        Assert.Empty(Directory.GetDirectories(target.DataFolder, ".stepwise-*"));
        Assert.Empty(Directory.GetDirectories(scratch.Path, ".stepwise-*"));
    }

    [Fact]
    public async Task Backup_Manifest_RecordsVersionsCountsFingerprintsAndChecksums()
    {
        using var source = await FilledStoreAsync();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive, "-o", "json"));

        var manifest = BackupFiles.Manifest(archive, scratch.File("open"));

        Assert.Equal("stepwise-backup", (string?)manifest["format"]);
        Assert.Equal(1, (int)manifest["format_version"]!);
        Assert.Equal("sqlite", (string?)manifest["database_kind"]);
        Assert.Equal(source.Scalar("SELECT MAX(version) FROM schema_migrations"), (int)manifest["schema_version"]!);
        Assert.Equal(2, (long)manifest["executions"]!);
        Assert.Equal(
            source.Text("SELECT fingerprint FROM key_fingerprints WHERE name = 'master_key'"),
            (string?)manifest["key_fingerprints"]!["master_key"]);
        Assert.Equal(
            new[] { "stepwise.db", "master.key", "jwt-signing.key" },
            manifest["files"]!.AsArray().Select(file => (string)file!["name"]!).ToArray());
        Assert.True(DateTimeOffset.TryParse((string?)manifest["created_at"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.False(string.IsNullOrEmpty((string?)manifest["stepwise_version"]));
    }

    [Fact]
    public async Task Backup_ExcludeKeys_ArchiveHoldsNoKeyAndRestoreWithoutTheKeyIsRefused()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        var backup = await source.RunAsync("db", "backup", archive, "--exclude-keys");

        var restore = await target.RunAsync("db", "restore", archive);

        DbFixture.Ok(backup);
        Assert.Contains("The archive holds no key", backup.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains(
            "stepwise: the backup holds no master key (it was made with --exclude-keys, or its server took the key from " +
            "STEPWISE_MASTER_KEY) and this node has none, while its secrets are sealed with the master key of fingerprint ",
            restore.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.DatabasePath));

        // With the key put back where the node reads it, the same backup restores.
        File.Copy(Path.Combine(source.DataFolder, "master.key"), Path.Combine(target.DataFolder, "master.key"));
        File.Copy(Path.Combine(source.DataFolder, "jwt-signing.key"), Path.Combine(target.DataFolder, "jwt-signing.key"));
        DbFixture.Ok(await target.RunAsync("db", "restore", archive));
    }

    [Fact]
    public async Task Backup_KeyFileIsNotTheStoresKey_WarnsNamingTheFingerprint()
    {
        using var source = await FilledStoreAsync();
        using var scratch = new TempFolder();
        var recorded = source.Text("SELECT fingerprint FROM key_fingerprints WHERE name = 'master_key'");
        File.WriteAllText(Path.Combine(source.DataFolder, "master.key"), Convert.ToBase64String(new byte[32]) + "\n");

        var backup = await source.RunAsync("db", "backup", scratch.File("b.tar"));

        DbFixture.Ok(backup);
        Assert.Contains(
            $"warning: the data folder's master.key is not the master key the store's secrets are sealed with (fingerprint {recorded[..12]}); " +
            "a restore of this backup needs that key.",
            backup.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("jwt-signing.key is not", backup.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_AnotherMasterKeyInTheEnvironment_IsRefusedNamingBothFingerprints()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));

        var restore = await StepwiseCli.RunAsync(
            ["db", "restore", archive, "--data", target.DataFolder],
            new Dictionary<string, string> { ["STEPWISE_MASTER_KEY"] = Convert.ToBase64String(new byte[32]) });

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("stepwise: the backup's secrets are sealed with the master key of fingerprint ", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("and this node would use STEPWISE_MASTER_KEY (fingerprint ", restore.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.DatabasePath));
    }

    [Fact]
    public async Task Restore_TargetHoldsData_RefusedWithoutForceAndKeptAsideWithForce()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));
        DbFixture.Ok(await target.RunAsync("orgs", "create", "other"));

        var refused = await target.RunAsync("db", "restore", archive);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains(
            $"stepwise: the store {target.DatabasePath} already holds data (schema version ",
            refused.Stderr, StringComparison.Ordinal);
        Assert.Contains(
            "0 run(s)): restoring replaces it. Add --force to replace it (the current file is kept beside it as stepwise.db.before-restore-",
            refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, target.Scalar("SELECT COUNT(*) FROM organizations WHERE id = 'other'"));

        var forced = await target.RunAsync("db", "restore", archive, "--force");

        DbFixture.Ok(forced);
        Assert.Equal(0, target.Scalar("SELECT COUNT(*) FROM organizations WHERE id = 'other'"));
        Assert.Equal(2, target.Scalar("SELECT COUNT(*) FROM executions"));
        var kept = Assert.Single(Directory.GetFiles(target.DataFolder, "stepwise.db.before-restore-*"));
        Assert.Contains($"The previous store is kept as {kept}", forced.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_NewerSchema_IsRefused()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        source.Execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'from the future', 0)");
        var archive = scratch.File("b.tar");
        var backup = await source.RunAsync("db", "backup", archive);

        var restore = await target.RunAsync("db", "restore", archive);

        DbFixture.Ok(backup);
        Assert.Contains("note: no audit entry was written: the store is at schema version 99", backup.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("stepwise: the backup is at schema version 99, ahead of this stepwise ", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains(": restore it with the stepwise that made it (", restore.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.DatabasePath));
    }

    [Fact]
    public async Task Restore_ArchiveChangedAfterBackup_IsRefusedAsDamaged()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));
        var bytes = File.ReadAllBytes(archive);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(archive, bytes);

        var restore = await target.RunAsync("db", "restore", archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"stepwise: the backup '{archive}' is damaged: ", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not match its size and SHA-256 in the manifest", restore.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.DatabasePath));
    }

    [Fact]
    public async Task Restore_DamagedDatabaseWithMatchingChecksums_FailsIntegrityCheck()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));
        var open = scratch.File("open");
        BackupFiles.Extract(archive, open);
        DamageIndexPage(Path.Combine(open, "stepwise.db"));
        BackupFiles.Repack(open, archive);

        var restore = await target.RunAsync("db", "restore", archive);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("stepwise: the backup's database is damaged (", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("problem(s) in PRAGMA integrity_check, the first: ", restore.Stderr, StringComparison.Ordinal);
        Assert.Contains("): it cannot be restored. Use another backup.", restore.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target.DatabasePath));
    }

    [Fact]
    public async Task Restore_NotABackup_IsRefused()
    {
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var text = scratch.Write("notes.txt", "these are not the backups you are looking for");

        var restore = await target.RunAsync("db", "restore", text);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"stepwise: '{text}' is not a stepwise backup", restore.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_ServerRunningOnTheFolder_IsRefused()
    {
        using var source = await FilledStoreAsync();
        using var scratch = new TempFolder();
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));
        using var target = new DbFixture();
        var port = LocalHttpServer.FreePort();
        using var serve = CliProcess.Start(["serve", "--data", target.DataFolder, "--urls", $"http://127.0.0.1:{port}"]);
        await WaitListeningAsync(port, serve);
        var executionsBefore = target.Scalar("SELECT COUNT(*) FROM executions");

        var restore = await target.RunAsync("db", "restore", archive, "--force");

        serve.Kill();
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains(
            $"stepwise: a stepwise server is running on {target.DataFolder} (it holds {Path.Combine(target.DataFolder, "node-id.lock")}): stop it, then restore.",
            restore.Stderr, StringComparison.Ordinal);
        Assert.Equal(executionsBefore, target.Scalar("SELECT COUNT(*) FROM executions"));
    }

    [Fact]
    public async Task Backup_FileExists_RefusedWithoutForce()
    {
        using var source = await FilledStoreAsync();
        using var scratch = new TempFolder();
        var archive = scratch.Write("b.tar", "an older backup");

        var refused = await source.RunAsync("db", "backup", archive);
        var forced = await source.RunAsync("db", "backup", archive, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"stepwise: '{archive}' exists: choose another name, or add --force to overwrite it.", refused.Stderr, StringComparison.Ordinal);
        DbFixture.Ok(forced);
        Assert.Equal("stepwise-backup", (string?)BackupFiles.Manifest(archive, scratch.File("open"))["format"]);
    }

    [Fact]
    public async Task Restore_RunsInFlight_LeasesEndedSoTheNextServerResumesThemAtOnce()
    {
        using var source = await FilledStoreAsync();
        using var target = new DbFixture();
        using var scratch = new TempFolder();
        var farFuture = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        source.Execute(
            $"UPDATE executions SET status = 'running', finished_at = NULL, lease_owner = '0123456789abcdef/1', lease_until = {farFuture}");
        var archive = scratch.File("b.tar");
        DbFixture.Ok(await source.RunAsync("db", "backup", archive));

        var restore = await target.RunAsync("db", "restore", archive, "-o", "json");

        DbFixture.Ok(restore);
        Assert.Equal(2, (int)JsonNode.Parse(restore.Stdout)!["resumable"]!);
        Assert.Equal(0, target.Scalar($"SELECT COUNT(*) FROM executions WHERE lease_until >= {farFuture}"));
    }

    /// <summary>A data folder with runs, an organization, and both key files with their fingerprints recorded.</summary>
    private static async Task<DbFixture> FilledStoreAsync()
    {
        var db = new DbFixture();
        await db.FillAsync();
        DbFixture.Ok(await db.RunAsync("secrets", "rotate-key"));
        DbFixture.Ok(await db.RunAsync("secrets", "record-jwt-key"));
        SqliteConnection.ClearAllPools();
        return db;
    }

    private static void AssertOwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    private static async Task WaitListeningAsync(int port, CliProcess serve)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(serve.HasExited, serve.StderrSoFar);
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/live", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static void DamageIndexPage(string path)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
            command.ExecuteNonQuery();
        }

        long pageSize;
        long page;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var size = connection.CreateCommand();
            size.CommandText = "PRAGMA page_size";
            pageSize = (long)size.ExecuteScalar()!;
            using var root = connection.CreateCommand();
            root.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'ix_executions_org_created'";
            page = (long)root.ExecuteScalar()!;
        }

        var bytes = File.ReadAllBytes(path);
        var start = (page - 1) * pageSize;
        for (var i = pageSize - 120; i < pageSize - 8; i++)
        {
            bytes[start + i] = 0x5A;
        }

        File.WriteAllBytes(path, bytes);
    }
}
