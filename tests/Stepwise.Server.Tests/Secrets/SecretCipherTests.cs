using System.Text;
using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;
using Stepwise.Server.Secrets;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

public sealed class SecretCipherTests : IDisposable
{
    private const string Plaintext = "s3cr3t-value-in-the-clear";
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Seal_ThenOpen_GivesThePlaintextAndTheBytesDoNotContainIt()
    {
        var cipher = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "test"));
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");

        var sealedValue = cipher.Seal(Plaintext, data);

        Assert.Equal(Plaintext, cipher.Open(sealedValue, data));
        Assert.DoesNotContain(Plaintext, Encoding.UTF8.GetString(sealedValue), StringComparison.Ordinal);
        Assert.Equal(cipher.Keys.Current.Id, SecretCipher.KeyIdOf(sealedValue));
    }

    [Fact]
    public void Seal_SameValueTwice_UsesAFreshNonceEachTime()
    {
        var cipher = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "test"));
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");

        Assert.NotEqual(cipher.Seal(Plaintext, data), cipher.Seal(Plaintext, data));
    }

    [Fact]
    public void Open_TamperedCiphertext_FailsWithoutTheValue()
    {
        var cipher = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "test"));
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");
        var sealedValue = cipher.Seal(Plaintext, data);
        sealedValue[^1] ^= 0x01;

        var error = Assert.Throws<SealedValueException>(() => cipher.Open(sealedValue, data));

        Assert.Equal(
            "The stored value of secret 'api_key' of organization 'acme' failed its integrity check: it was altered or moved from another row.",
            error.Message);
    }

    [Theory]
    [InlineData("beta", "api_key", SealPurposes.Secret)]
    [InlineData("acme", "other", SealPurposes.Secret)]
    [InlineData("acme", "api_key", SealPurposes.OAuthAccessToken)]
    public void Open_ValueMovedToAnotherRow_Fails(string org, string name, string purpose)
    {
        var cipher = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "test"));
        var sealedValue = cipher.Seal(Plaintext, SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key"));

        Assert.Throws<SealedValueException>(() => cipher.Open(sealedValue, SecretCipher.AssociatedData(purpose, org, name)));
    }

    [Fact]
    public void Open_SealedWithAKeyNoLongerConfigured_NamesTheKeyId()
    {
        var old = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "test"));
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");
        var sealedValue = old.Seal(Plaintext, data);
        var fresh = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "STEPWISE_MASTER_KEY"));

        var error = Assert.Throws<SealedValueException>(() => fresh.Open(sealedValue, data));

        Assert.Contains($"sealed with master key {old.Keys.Current.Id}, which is not configured", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reseal_WithPreviousKeyInTheRing_OpensUnderTheNewKey()
    {
        var oldKey = MasterKey.Generate();
        var data = SecretCipher.AssociatedData(SealPurposes.Secret, "acme", "api_key");
        var sealedValue = new SecretCipher(new MasterKeyRing(oldKey, [], "test")).Seal(Plaintext, data);
        var rotated = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [oldKey], "test"));

        var resealed = rotated.Reseal(sealedValue, data);

        Assert.Equal(rotated.Keys.Current.Id, SecretCipher.KeyIdOf(resealed));
        Assert.Equal(Plaintext, new SecretCipher(new MasterKeyRing(rotated.Keys.Current, [], "test")).Open(resealed, data));
    }

    [Fact]
    public void Load_NoKeyConfigured_GeneratesAnOwnerOnlyKeyFileOnceAndReusesIt()
    {
        var configuration = new ConfigurationBuilder().Build();

        var first = MasterKeys.Load(configuration, folder.Path);
        var second = MasterKeys.Load(configuration, folder.Path);

        var path = Path.Combine(folder.Path, MasterKeyFile.FileName);
        Assert.Equal(first.Current.Id, second.Current.Id);
        Assert.Equal(Path.GetFullPath(path), first.Source);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData("not base64!", "STEPWISE_MASTER_KEY is not base64 text")]
    [InlineData("c2hvcnQ=", "STEPWISE_MASTER_KEY decodes to 5 bytes, not 32")]
    public void Load_BadEnvironmentKey_FailsNamingTheSetting(string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>(MasterKeys.MasterKeyKey, value)])
            .Build();

        var error = Assert.Throws<ServerConfigurationException>(() => MasterKeys.Load(configuration, folder.Path));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, MasterKeyFile.FileName)));
    }
}
