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
}
