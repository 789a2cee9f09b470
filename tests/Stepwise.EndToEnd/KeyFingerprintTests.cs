using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>A server whose master key or JWT signing key is not the one its store knows refuses to start (exit 2).</summary>
public sealed class KeyFingerprintTests
{
    private const string OtherMasterKey = "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM=";

    [Fact]
    public async Task Serve_MasterKeyDiffersFromTheStores_ExitsTwoNamingTheSettingAndHowToShareIt()
    {
        using var folder = new TempFolder();
        var first = new Dictionary<string, string> { ["STEPWISE_MASTER_KEY"] = ServerInstance.SharedMasterKey };
        await using (var server = await ServerInstance.StartAsync(folder.Path, first))
        {
            using var client = server.Client();
            Assert.True((await client.PutAsync("/api/v1/secrets/token", Api.Json("""{"value":"s3cr3t"}"""))).IsSuccessStatusCode);
        }

        var refused = await StepwiseProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{ServerInstance.FreePort()}", "--data", folder.Path],
            new Dictionary<string, string> { ["STEPWISE_MASTER_KEY"] = OtherMasterKey, ["STEPWISE_ADMIN_KEY"] = ServerInstance.AdminKey });

        Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}\n{refused.Stderr}");
        Assert.Contains("stepwise: STEPWISE_MASTER_KEY differs from the master key this database's secrets are sealed with", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: every node on one database needs the same STEPWISE_MASTER_KEY", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(OtherMasterKey, refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_JwtSecretDiffersFromTheStores_ExitsTwoUntilTheNewKeyIsRecorded()
    {
        using var folder = new TempFolder();
        const string newSecret = "the-new-jwt-secret-of-every-node-0123456789";
        await using (await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string> { ["JWT_SECRET"] = ServerInstance.SharedJwtSecret }))
        {
        }

        var environment = new Dictionary<string, string> { ["JWT_SECRET"] = newSecret, ["STEPWISE_ADMIN_KEY"] = ServerInstance.AdminKey };
        var refused = await StepwiseProcess.RunAsync(
            ["serve", "--urls", $"http://127.0.0.1:{ServerInstance.FreePort()}", "--data", folder.Path], environment);
        var recorded = await StepwiseProcess.RunAsync(["secrets", "record-jwt-key", "--data", folder.Path], environment);

        Assert.True(refused.ExitCode == 2, $"exit {refused.ExitCode}\n{refused.Stderr}");
        Assert.Contains("stepwise: JWT_SECRET differs from the JWT signing key of this database's other nodes", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: give every node the same JWT_SECRET", refused.Stderr, StringComparison.Ordinal);
        Assert.True(recorded.ExitCode == 0, recorded.Stderr);
        await using var restarted = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string> { ["JWT_SECRET"] = newSecret });
    }
}
