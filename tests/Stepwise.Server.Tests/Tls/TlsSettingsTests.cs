using Stepwise.Hosting.Certificates;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Tls;

public sealed class TlsSettingsTests
{
    [Fact]
    public async Task RunAsync_TlsWithoutCertificateFiles_Exits2NamingTheSettingAndTheInitCommand()
    {
        using var folder = new TempFolder();
        var (exit, message) = await RunAsync(folder, ("STEPWISE_TLS", "true"));

        Assert.Equal(StepwiseServer.ExitConfiguration, exit);
        var certificate = Path.Combine(folder.Path, "certs", "server", "server.crt");
        Assert.Equal(
            $"stepwise: STEPWISE_TLS_CERT: file '{certificate}' not found; 'stepwise certs init' creates a development set in <data>/certs.",
            message);
    }

    [Fact]
    public async Task RunAsync_RequireWithoutTls_Exits2()
    {
        using var folder = new TempFolder();
        var (exit, message) = await RunAsync(folder, ("STEPWISE_CLIENT_CERTS", "require"));

        Assert.Equal(StepwiseServer.ExitConfiguration, exit);
        Assert.Equal(
            "stepwise: STEPWISE_CLIENT_CERTS: 'require' needs HTTPS; turn it on with 'stepwise serve --tls' or STEPWISE_TLS=true.",
            message);
    }

    [Fact]
    public async Task RunAsync_UnknownClientCertificatePolicy_Exits2()
    {
        using var folder = new TempFolder();
        var (exit, message) = await RunAsync(folder, ("STEPWISE_TLS", "true"), ("STEPWISE_CLIENT_CERTS", "always"));

        Assert.Equal(StepwiseServer.ExitConfiguration, exit);
        Assert.Equal("stepwise: STEPWISE_CLIENT_CERTS: 'always' is not one of none, allow or require.", message);
    }

    [Fact]
    public async Task RunAsync_HttpsAddressWithoutTls_Exits2()
    {
        using var folder = new TempFolder();
        var (exit, message) = await RunAsync(folder, ("urls", "https://127.0.0.1:0"));

        Assert.Equal(StepwiseServer.ExitConfiguration, exit);
        Assert.Equal(
            "stepwise: --urls: 'https://127.0.0.1:0' needs TLS; add --tls (or STEPWISE_TLS=true) to serve HTTPS with the certificate of STEPWISE_TLS_CERT.",
            message);
    }

    [Fact]
    public async Task RunAsync_TlsWithAnHttpAddress_Exits2()
    {
        // With real certificate files, so the address is the only problem left.
        using var folder = new TempFolder();
        var now = TimeProvider.System.GetUtcNow();
        using var authority = DevCertificates.CreateAuthority("Test CA", now.AddDays(-1), now.AddDays(30));
        using (var set = new DevCertificateSet(
            authority,
            DevCertificates.CreateServer(authority, ["localhost", "127.0.0.1"], now.AddDays(-1), now.AddDays(30)),
            DevCertificates.CreateClient(authority, DevCertificateSet.ClientName, now.AddDays(-1), now.AddDays(30))))
        {
            set.WriteTo(DevCertificateSet.DefaultFolder(folder.Path), overwrite: false);
        }

        var (exit, message) = await RunAsync(folder, ("STEPWISE_TLS", "true"), ("urls", "http://127.0.0.1:0"));

        Assert.Equal(StepwiseServer.ExitConfiguration, exit);
        Assert.Equal(
            "stepwise: --urls: 'http://127.0.0.1:0' is not https; with TLS on (--tls, STEPWISE_TLS) every address must start with https://.",
            message);
    }

    private static async Task<(int Exit, string Message)> RunAsync(TempFolder folder, params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["STEPWISE_DATA"] = folder.Path,
            ["STEPWISE_ADMIN_KEY"] = KestrelHost.AdminKey,
            ["LOG_LEVEL"] = "warning",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        using var error = new StringWriter();
        var exit = await StepwiseServer.RunAsync([], all, error);
        return (exit, error.ToString().Trim());
    }
}
