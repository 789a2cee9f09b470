using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Certs;

public sealed class SecuritySettingsValidateTests
{
    [Fact]
    public async Task ConfigValidate_BadRateAndClientCertificatesWithoutTls_NamesBoth()
    {
        using var folder = new TempFolder();

        var result = await StepwiseCli.RunAsync(
            ["config", "validate", "--data", folder.Path],
            new Dictionary<string, string> { ["STEPWISE_RATE_LIMIT_PER_IP"] = "lots", ["STEPWISE_CLIENT_CERTS"] = "require" },
            workingDirectory: folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "STEPWISE_RATE_LIMIT_PER_IP: 'lots' is not permits per period such as 30/m, 5/s, 1000/h or 10/30s, or 0/off to disable.",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Contains(
            "STEPWISE_CLIENT_CERTS: 'require' needs HTTPS; turn it on with 'stepwise serve --tls' or STEPWISE_TLS=true.",
            result.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigValidate_TlsWithClientCertificatesAndRatesFromTheFile_Ok()
    {
        using var folder = new TempFolder();
        folder.Write("stepwise.json", """
            {
              "STEPWISE_TLS": true,
              "STEPWISE_CLIENT_CERTS": "allow",
              "STEPWISE_RATE_LIMIT_PER_KEY": "10/s",
              "STEPWISE_RATE_LIMIT_PER_IP": "off"
            }
            """);

        // config validate loads the certificate and the client CA as serve does, so they must exist.
        Assert.Equal(0, (await StepwiseCli.RunAsync("certs", "init", "--dir", Path.Combine(folder.Path, "certs"))).ExitCode);

        var result = await StepwiseCli.RunAsync(["config", "validate", "--data", folder.Path], null, workingDirectory: folder.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
