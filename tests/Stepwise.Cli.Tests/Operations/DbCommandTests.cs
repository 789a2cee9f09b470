using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

public sealed class DbCommandTests
{
    private const int Head = 13;

    // The version before the head. 9 was never used: the schema goes 8, then 10.
    private const int BeforeHead = 12;

    [Fact]
    public async Task Upgrade_EmptyFolder_CreatesDatabaseAtHead()
    {
        using var db = new DbFixture();

        var upgrade = await db.RunAsync("db", "upgrade");
        var current = await db.RunAsync("db", "current", "-o", "json");

        DbFixture.Ok(upgrade);
        Assert.Contains($"from version 0 to {Head}", upgrade.Stdout, StringComparison.Ordinal);
        Assert.Contains("applied  5  users, memberships, refresh tokens, audit log", upgrade.Stdout, StringComparison.Ordinal);
        DbFixture.Ok(current);
        var json = JsonNode.Parse(current.Stdout)!;
        Assert.Equal(Head, (int)json["current_version"]!);
        Assert.Equal(Head, (int)json["head_version"]!);
        Assert.Equal("up_to_date", (string?)json["state"]);
        Assert.Equal(db.DatabasePath, (string?)json["database"]);
    }

    [Fact]
    public async Task Current_NoDatabase_FailsNamingThePathAndCreatesNothing()
    {
        using var db = new DbFixture();

        var result = await db.RunAsync("db", "current");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"database not found: '{db.DatabasePath}'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("stepwise db upgrade", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(db.DatabasePath));
    }

    [Fact]
    public async Task Current_DatabaseUrl_UsedWithoutData()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade", "2"));

        var result = await StepwiseCli.RunAsync(
            ["db", "current"], new Dictionary<string, string> { ["DATABASE_URL"] = "sqlite:" + db.DatabasePath });

        DbFixture.Ok(result);
        Assert.StartsWith($"2 (behind: head is {Head}; run 'stepwise db upgrade'", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"database: {db.DatabasePath}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DowngradeThenUpgrade_DatabaseHoldingData_NothingLost()
    {
        using var db = new DbFixture();
        await db.FillAsync();
        var executions = db.Scalar("SELECT COUNT(*) FROM executions");
        var steps = db.Scalar("SELECT COUNT(*) FROM steps");
        var audit = db.Scalar("SELECT COUNT(*) FROM audit_log");
        Assert.Equal(2, executions);
        Assert.True(steps >= 2);
        Assert.True(audit >= 1);

        var down = await db.RunAsync("db", "downgrade", "-1");
        var belowHead = await db.RunAsync("db", "current", "-o", "json");
        var up = await db.RunAsync("db", "upgrade");

        DbFixture.Ok(down);
        Assert.Contains("Downgraded", down.Stdout, StringComparison.Ordinal);
        Assert.Contains("reverted 13  audit log keyed by organization and time", down.Stdout, StringComparison.Ordinal);
        Assert.Equal(BeforeHead, (int)JsonNode.Parse(belowHead.Stdout)!["current_version"]!);
        DbFixture.Ok(up);
        Assert.Equal(executions, db.Scalar("SELECT COUNT(*) FROM executions"));
        Assert.Equal(steps, db.Scalar("SELECT COUNT(*) FROM steps"));
        Assert.Equal(audit, db.Scalar("SELECT COUNT(*) FROM audit_log"));
        Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => db.Execute("UPDATE audit_log SET outcome = 'x'")).Message, StringComparison.Ordinal);
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM organizations WHERE id = 'acme' AND name = 'Acme Inc'"));
        var orgs = await db.RunAsync("orgs", "list", "-o", "json");
        DbFixture.Ok(orgs);
        Assert.Contains("\"acme\"", orgs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downgrade_Base_DropsEveryTableAndUpgradeRestoresTheSchema()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade"));

        var down = await db.RunAsync("db", "downgrade", "base", "-o", "json");

        DbFixture.Ok(down);
        var json = JsonNode.Parse(down.Stdout)!;
        Assert.Equal(0, (int)json["to_version"]!);
        Assert.Equal([13, 12, 11, 10, 8, 7, 6, 5, 4, 3, 2, 1], json["reverted"]!.AsArray().Select(entry => (int)entry!["version"]!));
        Assert.Equal(["schema_migrations"], db.Tables());
        DbFixture.Ok(await db.RunAsync("db", "upgrade"));
        Assert.Contains("executions", db.Tables());
        Assert.Contains("schedule_state", db.Tables());
    }

    [Fact]
    public async Task History_PartlyMigrated_ListsNewestFirstWithStates()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade", "2"));

        var text = await db.RunAsync("db", "history");
        var json = await db.RunAsync("db", "history", "-o", "json");

        DbFixture.Ok(text);
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("VERSION", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^13\s+audit log keyed by organization and time\s+-\s+pending, head$", lines[1]);
        Assert.Matches(@"^12\s+list indexes ascending in time, no index on created_at alone\s+-\s+pending$", lines[2]);
        Assert.Matches(@"^11\s+workspace versions of code workflows\s+-\s+pending$", lines[3]);
        Assert.Matches(@"^10\s+signals and approvals.*\s+-\s+pending$", lines[4]);
        Assert.Matches(@"^8\s+records, record processors and record runs\s+-\s+pending$", lines[5]);
        Assert.Matches(@"^7\s+fingerprints of the keys the nodes share\s+-\s+pending$", lines[6]);
        Assert.Matches(@"^6\s+organization secrets.*\s+-\s+pending$", lines[7]);
        Assert.Matches(@"^5\s+users, memberships, refresh tokens, audit log\s+-\s+pending$", lines[8]);
        Assert.Matches(@"^4\s+execution trigger\s+-\s+pending$", lines[9]);
        Assert.Matches(@"^3\s+schedule state\s+-\s+pending$", lines[10]);
        Assert.Matches(@"^2\s+organizations.*applied, current$", lines[11]);
        DbFixture.Ok(json);
        var entries = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Equal(
            ["pending", "pending", "pending", "pending", "pending", "pending", "pending", "pending", "pending", "pending", "applied", "applied"], entries.Select(entry => (string?)entry!["state"]));
        Assert.True((bool)entries[10]!["is_current"]!);
        Assert.NotNull(entries[10]!["applied_at"]);
    }

    [Theory]
    [InlineData("downgrade", "x", 2, "'x' is not a schema version")]
    [InlineData("downgrade", "+1", 1, "below 3; use 'stepwise db upgrade 3'")]
    [InlineData("upgrade", "9", 1, "schema version 9 does not exist: this stepwise knows versions 0 (base) to 13")]
    [InlineData("upgrade", "1", 1, "above 1; use 'stepwise db downgrade 1'")]
    [InlineData("downgrade", "-4", 1, "schema version -2 does not exist")]
    public async Task Migrate_BadTarget_FailsWithReason(string verb, string target, int exitCode, string message)
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade", "2"));

        var result = await db.RunAsync("db", verb, target);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, db.Scalar("SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task Downgrade_NoTarget_IsAUsageError()
    {
        using var db = new DbFixture();

        var result = await db.RunAsync("db", "downgrade");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run 'stepwise db downgrade --help'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseAhead_CurrentAndUpgradeAndServeRefuseWithTheFix()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade"));
        db.Execute($"INSERT INTO schema_migrations (version, description, applied_at) VALUES ({Head + 1}, 'from the future', 0)");

        var current = await db.RunAsync("db", "current");
        var upgrade = await db.RunAsync("db", "upgrade");
        var serve = await StepwiseCli.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--data", db.DataFolder], null);

        Assert.Equal(1, current.ExitCode);
        Assert.Contains($"{Head + 1} (ahead", current.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, upgrade.ExitCode);
        Assert.Contains("ahead of this stepwise", upgrade.Stderr, StringComparison.Ordinal);
        Assert.True(serve.ExitCode == 1, serve.ToString());
        Assert.Contains($"is at schema version {Head + 1}, ahead of this stepwise", serve.Stderr, StringComparison.Ordinal);
        Assert.Contains($"'stepwise db downgrade {Head} --data {db.DataFolder}'", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SoundDatabase_Ok()
    {
        using var db = new DbFixture();
        await db.FillAsync();

        var result = await db.RunAsync("db", "check", "-o", "json");

        DbFixture.Ok(result);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.True((bool)json["ok"]!);
        Assert.Empty(json["problems"]!.AsArray());
    }

    [Fact]
    public async Task Check_OrphanedSteps_ReportsEachAndFails()
    {
        using var db = new DbFixture();
        await db.FillAsync();
        db.Execute("DELETE FROM executions");

        var result = await db.RunAsync("db", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("problem(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("of table steps refers to a missing row of executions", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("restore the file from a backup", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DamagedPages_ReportsIntegrityProblems()
    {
        using var db = new DbFixture();
        await db.FillAsync();
        DamageIndexPage(db);

        var result = await db.RunAsync("db", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("problem(s)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("missing from index ix_executions_org_created", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NotADatabase_FailsWithHint()
    {
        using var db = new DbFixture();
        File.WriteAllText(db.DatabasePath, "this is a text file, not a database, and it is long enough to look like one");

        var result = await db.RunAsync("db", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("restore it from a backup", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_FilledDatabase_RowsAndBytesPerTableAndFileSize()
    {
        using var db = new DbFixture();
        await db.FillAsync();
        var executions = db.Scalar("SELECT COUNT(*) FROM executions");

        var json = await db.RunAsync("db", "size", "-o", "json");
        var text = await db.RunAsync("db", "size");

        DbFixture.Ok(json);
        DbFixture.Ok(text);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(new FileInfo(db.DatabasePath).Length, (long)report["file_bytes"]!);
        Assert.Equal((long)report["page_count"]! * (long)report["page_size"]!, (long)report["file_bytes"]!);
        var table = report["tables"]!.AsArray().Single(t => (string)t!["name"]! == "executions")!;
        Assert.True(executions > 0);
        Assert.Equal(executions, (long)table["rows"]!);
        var inputs = db.Scalar("SELECT SUM(length(CAST(params AS BLOB))) FROM executions");
        Assert.True((long)table["data_bytes"]! > inputs, table.ToJsonString());
        Assert.Contains("executions", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("free", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_NotADatabase_FailsWithHint()
    {
        using var db = new DbFixture();
        File.WriteAllText(db.DatabasePath, "this is a text file, not a database, and it is long enough to look like one");

        var result = await db.RunAsync("db", "size");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("db check", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Overwrites the cells at the end of an index's root page, as a torn write or a bad disk would.</summary>
    private static void DamageIndexPage(DbFixture db)
    {
        db.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        var pageSize = db.Scalar("PRAGMA page_size");
        var page = db.Scalar("SELECT rootpage FROM sqlite_master WHERE name = 'ix_executions_org_created'");
        var bytes = File.ReadAllBytes(db.DatabasePath);
        var start = (page - 1) * pageSize;
        for (var i = pageSize - 120; i < pageSize - 8; i++)
        {
            bytes[start + i] = 0x5A;
        }

        File.WriteAllBytes(db.DatabasePath, bytes);
    }
}
