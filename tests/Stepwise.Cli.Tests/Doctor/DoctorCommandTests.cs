using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Doctor;

/// <summary>`stepwise doctor` as a user runs it: each fault it claims to find, found, with the exit code it documents.</summary>
public sealed class DoctorCommandTests
{
    private static Task<CliResult> DoctorAsync(TempFolder folder, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StepwiseCli.RunAsync(["doctor", "--data", folder.Path, "--urls", $"http://127.0.0.1:{LocalHttpServer.FreePort()}", .. args], environment, folder.Path);

    private static async Task UpgradeAsync(TempFolder folder, IReadOnlyDictionary<string, string>? environment = null)
    {
        var upgrade = await StepwiseCli.RunAsync(["db", "upgrade", "--data", folder.Path], environment, folder.Path);
        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
    }

    private static string Line(CliResult result, string status, string check) =>
        result.Stdout.Split('\n').FirstOrDefault(line => line.StartsWith($"{status,-5} {check}:", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no '{status} {check}:' line\n{result}");

    [Fact]
    public async Task Doctor_UpgradedStoreAndFreePort_EveryCheckOkOrSkippedExitZero()
    {
        using var folder = new TempFolder();
        await UpgradeAsync(folder);

        var result = await DoctorAsync(folder, null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Line(result, "ok", "configuration");
        Line(result, "ok", "store");
        Assert.Contains("no migrations pending", Line(result, "ok", "schema"), StringComparison.Ordinal);
        Assert.Contains("is free", Line(result, "ok", "port"), StringComparison.Ordinal);
        Line(result, "ok", "data folder");
        Assert.Contains("SQLite", Line(result, "skip", "clock skew"), StringComparison.Ordinal);
        Assert.DoesNotContain("\nfail ", "\n" + result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\d+ ok, \d+ warning\(s\), 0 failure\(s\), \d+ skipped", result.Stdout);
    }

    [Fact]
    public async Task Doctor_BadSetting_FailsConfigurationExitOne()
    {
        using var folder = new TempFolder();

        var result = await DoctorAsync(folder, new Dictionary<string, string> { ["STEPWISE_LEASE"] = "fast" });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("STEPWISE_LEASE", Line(result, "fail", "configuration"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PostgresUnreachable_FailsStoreWithoutShowingThePassword()
    {
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = $"postgres://stepwise:secret-password@127.0.0.1:{LocalHttpServer.FreePort()}/stepwise",
            ["STEPWISE_MASTER_KEY"] = Convert.ToBase64String(new byte[32]),
            ["JWT_SECRET"] = new string('j', 40),
        };

        var result = await DoctorAsync(folder, environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cannot reach the database", Line(result, "fail", "store"), StringComparison.Ordinal);
        Assert.Contains("pg_isready", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PostgresWithoutSharedKeys_FailsKeyFingerprints()
    {
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["DATABASE_URL"] = $"postgres://stepwise@127.0.0.1:{LocalHttpServer.FreePort()}/stepwise",
        };

        var result = await DoctorAsync(folder, environment);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("STEPWISE_MASTER_KEY is not set", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("JWT_SECRET is not set", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SchemaOneBehind_WarnsMigrationPendingExitZero()
    {
        using var folder = new TempFolder();
        await UpgradeAsync(folder);
        var down = await StepwiseCli.RunAsync(["db", "downgrade", "-1", "--data", folder.Path], null, folder.Path);
        Assert.True(down.ExitCode == 0, down.ToString());

        var result = await DoctorAsync(folder, null);

        Assert.True(result.ExitCode == 0, result.ToString());
        var schema = Line(result, "warn", "schema");
        Assert.Contains("1 migration(s) pending", schema, StringComparison.Ordinal);
        Assert.Contains("stepwise db upgrade", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("not open at this build's schema", Line(result, "skip", "key fingerprints"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_JwtSecretDiffersFromTheStores_FailsKeyFingerprints()
    {
        using var folder = new TempFolder();
        await UpgradeAsync(folder);
        var record = await StepwiseCli.RunAsync(
            ["secrets", "record-jwt-key", "--data", folder.Path], new Dictionary<string, string> { ["JWT_SECRET"] = new string('a', 40) }, folder.Path);
        Assert.True(record.ExitCode == 0, record.ToString());

        var same = await DoctorAsync(folder, new Dictionary<string, string> { ["JWT_SECRET"] = new string('a', 40) });
        var other = await DoctorAsync(folder, new Dictionary<string, string> { ["JWT_SECRET"] = new string('b', 40) });

        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("JWT signing key (JWT_SECRET) matches the store's", same.Stdout, StringComparison.Ordinal);
        Assert.True(other.ExitCode == 1, other.ToString());
        Assert.Contains("differs from the store's", Line(other, "fail", "key fingerprints"), StringComparison.Ordinal);
        Assert.Contains("stepwise secrets record-jwt-key", other.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_PortHeldByAnotherProgram_FailsPort()
    {
        using var folder = new TempFolder();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var result = await StepwiseCli.RunAsync(
                ["doctor", "--data", folder.Path, "--urls", $"http://127.0.0.1:{port}"], null, folder.Path);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains($"port {port} is in use by another program", Line(result, "fail", "port"), StringComparison.Ordinal);
            Assert.Contains("ss -ltnp", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Doctor_PortHeldByThisRunningServer_OkAndAsksTheServer()
    {
        using var folder = new TempFolder();
        var port = LocalHttpServer.FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var serve = CliProcess.Start(["serve", "--data", folder.Path, "--urls", url], folder.Path);
        await WaitForLiveAsync(url);

        var result = await StepwiseCli.RunAsync(["doctor", "--data", folder.Path, "--urls", url, "--server", url], null, folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("held by a running Stepwise server", Line(result, "ok", "port"), StringComparison.Ordinal);
        Assert.Contains("ready", Line(result, "ok", "server"), StringComparison.Ordinal);
        Assert.Contains("database: healthy", Line(result, "ok", "server database"), StringComparison.Ordinal);
        serve.Kill();
    }

    [Fact]
    public async Task Doctor_ServerUnreachable_FailsServer()
    {
        using var folder = new TempFolder();

        var result = await DoctorAsync(folder, null, "--server", $"http://127.0.0.1:{LocalHttpServer.FreePort()}");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("cannot reach the server", Line(result, "fail", "server"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_WorkspaceWithACompileError_FailsWorkspace()
    {
        using var folder = new TempFolder();
        await UpgradeAsync(folder);
        Directory.CreateDirectory(folder.File("workspace"));
        folder.Write("workspace/Broken.cs", "namespace Acme; public static class Broken { public static int Answer() => \"forty-two\"; }");

        var result = await DoctorAsync(folder, null);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Line(result, "fail", "workspace");
        Assert.Contains("does not build", line, StringComparison.Ordinal);
        Assert.Contains("Broken.cs", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_TlsCertificateExpiringInFiveDays_WarnsExitZero()
    {
        using var folder = new TempFolder();
        await UpgradeAsync(folder);
        var now = TimeProvider.System.GetUtcNow();
        var (certificate, key) = TestCertificates.Write(folder.File("tls"), now.AddDays(-60), now.AddDays(5).AddHours(1));
        var environment = new Dictionary<string, string>
        {
            ["STEPWISE_TLS"] = "true",
            ["STEPWISE_TLS_CERT"] = certificate,
            ["STEPWISE_TLS_KEY"] = key,
        };

        var result = await StepwiseCli.RunAsync(
            ["doctor", "--data", folder.Path, "--urls", $"https://127.0.0.1:{LocalHttpServer.FreePort()}"], environment, folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("in 5 day(s)", Line(result, "warn", "certificates"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_JsonOutput_ListsEveryFindingWithItsStatus()
    {
        using var folder = new TempFolder();

        var result = await DoctorAsync(folder, new Dictionary<string, string> { ["STEPWISE_LEASE"] = "fast" }, "-o", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.False((bool)json["ok"]!);
        Assert.True((int)json["counts"]!["fail"]! >= 1);
        var findings = json["findings"]!.AsArray();
        Assert.Contains(findings, finding => (string?)finding!["check"] == "configuration" && (string?)finding["status"] == "fail"
            && ((string?)finding["fix"])!.Length > 0);
        Assert.Contains(findings, finding => (string?)finding!["check"] == "store" && (string?)finding["status"] == "skip");
    }

    private static async Task WaitForLiveAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync($"{url}/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly on a loaded machine.
            }

            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(90), "the server did not start");
            await Task.Delay(100);
        }
    }
}
