using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Certs;

public sealed class CertsInitTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Fact]
    public async Task Init_EmptyFolder_WritesACaAServerAndAClientCertificateWithOwnerOnlyKeys()
    {
        using var folder = new TempFolder();
        var dir = Path.Combine(folder.Path, "certs");

        var result = await StepwiseCli.RunAsync(
            "certs", "init", "--dir", dir, "--hosts", "localhost,127.0.0.1,api.test", "--days", "30", "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var files = JsonNode.Parse(result.Stdout)!["files"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Equal(
            ["ca/ca.crt", "ca/ca.key", "server/server.crt", "server/server.key", "client/client.crt", "client/client.key", "client/client.pfx"],
            files.Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')));
        if (!OperatingSystem.IsWindows())
        {
            foreach (var secret in files.Where(f => f.EndsWith(".key", StringComparison.Ordinal) || f.EndsWith(".pfx", StringComparison.Ordinal)))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
            }
        }

        using var authority = X509CertificateLoader.LoadCertificateFromFile(files[0]);
        using var server = X509Certificate2.CreateFromPemFile(files[2], files[3]);
        using var client = X509CertificateLoader.LoadPkcs12FromFile(files[6], null);
        Assert.True(server.HasPrivateKey);
        Assert.True(client.HasPrivateKey);
        Assert.True(authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal([ServerAuth], Usages(server));
        Assert.Equal([ClientAuth], Usages(client));
        var names = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "api.test"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.InRange(server.NotAfter.ToUniversalTime() - TimeProvider.System.GetUtcNow().UtcDateTime, TimeSpan.FromDays(29.9), TimeSpan.FromDays(30));
        Assert.True(ChainsTo(server, authority));
        Assert.True(ChainsTo(client, authority));
    }

    [Fact]
    public async Task Init_ExistingFiles_RefusesWithoutForceAndReplacesWithForce()
    {
        using var folder = new TempFolder();
        var dir = Path.Combine(folder.Path, "certs");
        var authorityPath = Path.Combine(dir, "ca", "ca.crt");
        Assert.Equal(0, (await StepwiseCli.RunAsync("certs", "init", "--dir", dir)).ExitCode);
        var first = await File.ReadAllBytesAsync(authorityPath);

        var refused = await StepwiseCli.RunAsync("certs", "init", "--dir", dir);
        var kept = await File.ReadAllBytesAsync(authorityPath);
        var forced = await StepwiseCli.RunAsync("certs", "init", "--dir", dir, "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(
            $"stepwise: {authorityPath} already exists; pass --force to replace every certificate and key in {dir}",
            refused.Stderr.Trim());
        Assert.Equal(first, kept);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.NotEqual(first, await File.ReadAllBytesAsync(authorityPath));
        Assert.Contains("serve with: stepwise serve --tls --client-certs require", forced.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--days", "0", "stepwise: --days: must be from 1 to 3650.")]
    [InlineData("--hosts", "bad host", "stepwise: --hosts: 'bad host' is not a host name or IP address.")]
    [InlineData("--hosts", ",", "stepwise: --hosts: name at least one host name or IP address.")]
    public async Task Init_BadArgument_Exits2WithoutWriting(string option, string value, string message)
    {
        using var folder = new TempFolder();
        var dir = Path.Combine(folder.Path, "certs");

        var result = await StepwiseCli.RunAsync("certs", "init", "--dir", dir, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    private static string[] Usages(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value!)];

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
