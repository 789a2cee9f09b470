using Stepwise.Cli.Doctor;

namespace Stepwise.Cli.Tests.Doctor;

/// <summary>The doctor's PostgreSQL checks against a real server: the clock comparison and the connection counts.</summary>
[RequiresPostgres(LocalServer = true)]
public sealed class DoctorPostgresTests
{
    private static Dictionary<string, string> Settings(PostgresLauncher postgres, string? poolSize = null)
    {
        var values = new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url };
        if (poolSize is not null)
        {
            values[ServerSettings.DbMaxConnectionsKey] = poolSize;
        }

        return values;
    }

    [PostgresFact]
    public async Task ClockSkew_SameClock_OkAndAClockAMinuteAhead_Fails()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var folder = new TempFolder();
        var node = DoctorNode.Settings(folder.Path, Settings(postgres));

        var same = Assert.Single(await DoctorNode.RunAsync(new ClockSkewCheck(), node));
        var ahead = Assert.Single(await DoctorNode.RunAsync(new ClockSkewCheck(), node, new DoctorNode.ShiftedTime(TimeSpan.FromMinutes(1))));

        Assert.True(same.Status == DoctorStatus.Ok, same.ToString());
        Assert.Equal(DoctorStatus.Fail, ahead.Status);
        Assert.Contains("behind this machine's", ahead.Message, StringComparison.Ordinal);
        Assert.Contains("timedatectl", ahead.Fix, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Pool_PoolLargerThanPostgresAllows_Warns()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var folder = new TempFolder();

        var small = await DoctorNode.RunAsync(new PoolCheck(), DoctorNode.Settings(folder.Path, Settings(postgres, "5")));
        var large = await DoctorNode.RunAsync(new PoolCheck(), DoctorNode.Settings(folder.Path, Settings(postgres, "10000")));

        Assert.All(small, finding => Assert.Equal(DoctorStatus.Ok, finding.Status));
        Assert.Contains("connections in use; this node's pool may open 5", Assert.Single(small).Message, StringComparison.Ordinal);
        var warning = Assert.Single(large, finding => finding.Status == DoctorStatus.Warn);
        Assert.Contains("this node's pool may open 10000 connections", warning.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Store_PostgresAtHead_OkAndMasterKeyCompared()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        using var folder = new TempFolder();
        var values = Settings(postgres);
        values["STEPWISE_MASTER_KEY"] = Convert.ToBase64String(new byte[32]);
        values["JWT_SECRET"] = new string('j', 40);
        var node = DoctorNode.Settings(folder.Path, values);
        await using (var storage = await Stepwise.Hosting.Store.StoreOpener.OpenAsync(
            node.Options.Database, 5, TimeProvider.System, null, CancellationToken.None))
        {
            await storage.KeyFingerprints.SetAsync(KeyFingerprint.MasterKeyName, "0123456789abcdef", TimeProvider.System.GetUtcNow());
        }

        var findings = await DoctorNode.RunAsync(new KeyFingerprintsCheck(), node, openStore: true);

        var master = Assert.Single(findings, finding => finding.Message.StartsWith("master key", StringComparison.Ordinal));
        Assert.Equal(DoctorStatus.Fail, master.Status);
        Assert.Contains("differs from the store's 0123456789ab", master.Message, StringComparison.Ordinal);
    }
}
