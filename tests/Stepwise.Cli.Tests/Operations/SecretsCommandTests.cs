using Microsoft.Extensions.Configuration;
using Stepwise.Core.Storage;
using Stepwise.Cli.Tests.Support;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Tests.Operations;

public sealed class SecretsCommandTests
{
    [Fact]
    public async Task RotateKey_KeyFile_ReplacesTheKeyAndReencryptsEveryValue()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("orgs", "create", "acme"));
        var oldRing = MasterKeys.Load(new ConfigurationBuilder().Build(), db.DataFolder);
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");
        await using (var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System))
        {
            await storage.Secrets.PutAsync("acme", "api_key", new SecretCipher(oldRing).Seal("rotate-me", data), TimeProvider.System.GetUtcNow());
        }

        var result = await db.RunAsync("secrets", "rotate-key");

        DbFixture.Ok(result);
        var newRing = MasterKeys.Load(new ConfigurationBuilder().Build(), db.DataFolder);
        Assert.NotEqual(oldRing.Current.Id, newRing.Current.Id);
        Assert.Empty(newRing.Previous);
        Assert.Contains($"Re-encrypted 1 value(s) under master key {newRing.Current.Id}", result.Stdout, StringComparison.Ordinal);
        await using (var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System))
        {
            var secret = await storage.Secrets.GetAsync("acme", "api_key");
            Assert.Equal("rotate-me", new SecretCipher(newRing).Open(secret!.SealedValue, data));
        }
    }

    [Fact]
    public async Task RotateKey_EnvironmentKeyWithoutThePrevious_FailsKeepingTheValue()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("orgs", "create", "acme"));
        var oldRing = MasterKeys.Load(new ConfigurationBuilder().Build(), db.DataFolder);
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");
        await using (var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System))
        {
            await storage.Secrets.PutAsync("acme", "api_key", new SecretCipher(oldRing).Seal("rotate-me", data), TimeProvider.System.GetUtcNow());
        }

        var newKey = MasterKey.Generate().ToBase64();
        var failed = await StepwiseCli.RunAsync(
            ["secrets", "rotate-key", "--data", db.DataFolder], new Dictionary<string, string> { ["STEPWISE_MASTER_KEY"] = newKey });
        var rotated = await StepwiseCli.RunAsync(
            ["secrets", "rotate-key", "--data", db.DataFolder],
            new Dictionary<string, string> { ["STEPWISE_MASTER_KEY"] = newKey, ["STEPWISE_PREVIOUS_MASTER_KEY"] = oldRing.Current.ToBase64() });

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("1 value(s) could not be re-encrypted; the previous keys are kept (keep STEPWISE_PREVIOUS_MASTER_KEY set)", failed.Stderr, StringComparison.Ordinal);
        DbFixture.Ok(rotated);
        Assert.Contains("Re-encrypted 1 value(s)", rotated.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKey_KeyFile_RecordsTheNewKeysFingerprint()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("orgs", "create", "acme"));
        var oldRing = MasterKeys.Load(new ConfigurationBuilder().Build(), db.DataFolder);
        await using (var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System))
        {
            await storage.KeyFingerprints.RecordFirstAsync(
                KeyFingerprint.MasterKeyName, KeyFingerprint.Of(oldRing.Current.Key, KeyFingerprint.MasterKeyName), TimeProvider.System.GetUtcNow());
        }

        DbFixture.Ok(await db.RunAsync("secrets", "rotate-key"));

        var newRing = MasterKeys.Load(new ConfigurationBuilder().Build(), db.DataFolder);
        await using (var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System))
        {
            Assert.Equal(
                KeyFingerprint.Of(newRing.Current.Key, KeyFingerprint.MasterKeyName),
                await storage.KeyFingerprints.GetAsync(KeyFingerprint.MasterKeyName));
        }
    }

    [Fact]
    public async Task RecordJwtKey_JwtSecretSet_RecordsItsFingerprintNotTheSecret()
    {
        using var db = new DbFixture();
        DbFixture.Ok(await db.RunAsync("db", "upgrade"));
        const string secret = "a-new-jwt-secret-for-every-node-0123456789";

        var result = await StepwiseCli.RunAsync(
            ["secrets", "record-jwt-key", "--data", db.DataFolder], new Dictionary<string, string> { ["JWT_SECRET"] = secret });

        DbFixture.Ok(result);
        Assert.DoesNotContain(secret, result.Stdout, StringComparison.Ordinal);
        await using var storage = await SqliteStorage.OpenAsync(db.DatabasePath, TimeProvider.System);
        var recorded = await storage.KeyFingerprints.GetAsync(KeyFingerprint.JwtSigningKeyName);
        Assert.Equal(KeyFingerprint.Of(System.Text.Encoding.UTF8.GetBytes(secret), KeyFingerprint.JwtSigningKeyName), recorded);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), recorded!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateKey_KeyFileOnPostgres_IsAUsageErrorNamingTheVariables()
    {
        using var folder = new TempFolder();
        var result = await StepwiseCli.RunAsync(
            ["secrets", "rotate-key"],
            new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://u@127.0.0.1:1/db", ["STEPWISE_DATA"] = folder.Path });

        Assert.Equal(2, result.ExitCode);
        Assert.False(File.Exists(folder.File("master.key")), "a key file was generated");
        Assert.Contains("STEPWISE_MASTER_KEY is not set: on PostgreSQL every node takes the master key from it", result.Stderr, StringComparison.Ordinal);
    }
}
