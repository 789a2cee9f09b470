using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>`stepwise serve` opens the store before anything else starts, and says so when it cannot.</summary>
public sealed class ServeStoreTests
{
    [Fact]
    public async Task Serve_DatabaseUnreachable_ExitsOneNamingTheStoreBeforeListening()
    {
        using var folder = new TempFolder();
        var port = LocalHttpServer.FreePort(); // nothing listens there

        var serve = await StepwiseCli.RunAsync(
            ["serve", "--urls", "http://127.0.0.1:0", "--data", folder.Path],
            new Dictionary<string, string>
            {
                ["DATABASE_URL"] = $"postgres://stepwise:secret-password@127.0.0.1:{port}/stepwise",
                ["STEPWISE_MASTER_KEY"] = Convert.ToBase64String(new byte[32]),
                ["JWT_SECRET"] = new string('j', 40),
            });

        Assert.True(serve.ExitCode == 1, serve.ToString());
        Assert.Contains("stepwise: cannot open the store", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", serve.Stderr + serve.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Stderr, StringComparison.Ordinal);
    }
}
