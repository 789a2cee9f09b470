using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Hosting;
using Stepwise.Server.Secrets;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

/// <summary>The keys a store's servers share: recorded by fingerprint at the first start, checked at every start.</summary>
public sealed class KeyFingerprintCheckTests
{
    private static readonly string OldKey = MasterKey.Generate().ToBase64();
    private static readonly string NewKey = MasterKey.Generate().ToBase64();

    [Fact]
    public async Task StartAsync_RotationInProgress_NewKeyWithThePreviousStartsAndKeepsTheRecord()
    {
        using var folder = new TempFolder();
        using (var first = Over(folder).With(MasterKeys.MasterKeyKey, OldKey))
        {
            await first.StartAsync();
        }

        using var rotating = Over(folder).With(MasterKeys.MasterKeyKey, NewKey).With(MasterKeys.PreviousMasterKeyKey, OldKey);
        await rotating.StartAsync();

        var store = rotating.Services.GetRequiredService<StoreHost>().Storage;
        Assert.Equal(Fingerprint(OldKey), await store.KeyFingerprints.GetAsync(KeyFingerprint.MasterKeyName));
    }

    [Fact]
    public async Task StartAsync_AnotherMasterKey_RefusesNamingTheSetting()
    {
        using var folder = new TempFolder();
        using (var first = Over(folder).With(MasterKeys.MasterKeyKey, OldKey))
        {
            await first.StartAsync();
        }

        // The real entry point, as `stepwise serve` runs it: the refusal is one message and exit code 2.
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await StepwiseServer.RunAsync(
            [],
            new Dictionary<string, string?>
            {
                ["STEPWISE_DATA"] = folder.Path,
                ["STEPWISE_ADMIN_KEY"] = ServerFactory.AdminKey,
                [MasterKeys.MasterKeyKey] = NewKey,
                ["urls"] = "http://127.0.0.1:0",
            },
            error,
            timeout.Token);

        Assert.Equal(2, exitCode);
        Assert.StartsWith(
            "stepwise: STEPWISE_MASTER_KEY differs from the master key this database's secrets are sealed with",
            error.ToString(),
            StringComparison.Ordinal);
        Assert.DoesNotContain(NewKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_JwksOnly_RecordsTheMasterKeyButNoJwtKey()
    {
        using var folder = new TempFolder();
        using var server = Over(folder).With(JwtOptions.JwksUrlKey, "http://127.0.0.1:9/jwks.json");

        await server.StartAsync();

        var store = server.Services.GetRequiredService<StoreHost>().Storage;
        Assert.NotNull(await store.KeyFingerprints.GetAsync(KeyFingerprint.MasterKeyName));
        Assert.Null(await store.KeyFingerprints.GetAsync(KeyFingerprint.JwtSigningKeyName));
        Assert.False(File.Exists(Path.Combine(folder.Path, JwtSigningKey.FileName)));
    }

    [Fact]
    public void Of_SameKey_DiffersByPurposeAndFromThePlainHash()
    {
        var key = Convert.FromBase64String(OldKey);

        var master = KeyFingerprint.Of(key, KeyFingerprint.MasterKeyName);

        Assert.Equal(64, master.Length);
        Assert.Equal(master, KeyFingerprint.Of(key, KeyFingerprint.MasterKeyName));
        Assert.NotEqual(master, KeyFingerprint.Of(key, KeyFingerprint.JwtSigningKeyName));
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(key)), master);
        Assert.DoesNotContain(Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8)), master, StringComparison.Ordinal);
        Assert.NotEqual(Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("master_key"))), master);
    }

    private static ServerFactory Over(TempFolder folder)
    {
        var factory = ServerFactory.Over(folder);
        factory.KeepFolder = true;
        return factory;
    }

    private static string Fingerprint(string key) => KeyFingerprint.Of(Convert.FromBase64String(key), KeyFingerprint.MasterKeyName);
}
