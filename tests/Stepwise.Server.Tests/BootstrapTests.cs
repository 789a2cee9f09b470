using System.Net;
using System.Text.RegularExpressions;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class BootstrapTests
{
    private static ServerFactory WithKeep(ServerFactory factory)
    {
        factory.KeepFolder = true;
        return factory;
    }

    [Fact]
    public async Task FirstStart_NoAdminKeySetting_PrintsGeneratedKeyOnceAndItWorks()
    {
        var folder = new TempFolder();
        string key;
        using (var first = WithKeep(ServerFactory.Over(folder)).Without("STEPWISE_ADMIN_KEY"))
        {
            await first.StartAsync();
            var match = Regex.Match(first.Console.ToString(), @"Admin API key \(shown once; only its hash is stored\): (sw_\S+)");
            Assert.True(match.Success, first.Console.ToString());
            key = match.Groups[1].Value;
            using var client = first.Client(key);
            using var response = await client.GetAsync("/api/v1/workflows");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(key, File.ReadAllText(Path.Combine(folder.Path, "stepwise.db")), StringComparison.Ordinal);
        }

        using var second = ServerFactory.Over(folder).Without("STEPWISE_ADMIN_KEY");
        await second.StartAsync();
        Assert.DoesNotContain("Admin API key", second.Console.ToString(), StringComparison.Ordinal);
        using var again = second.Client(key);
        using var stillValid = await again.GetAsync("/api/v1/workflows");
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task Restart_AdminKeySettingChanged_OldKeyIsRevoked()
    {
        var folder = new TempFolder();
        using (var first = WithKeep(ServerFactory.Over(folder)).With("STEPWISE_ADMIN_KEY", "first-admin-key-aaaaaaaaaaaaaaaaaaaaaaaa"))
        {
            await first.StartAsync();
        }

        using var second = ServerFactory.Over(folder).With("STEPWISE_ADMIN_KEY", "second-admin-key-bbbbbbbbbbbbbbbbbbbbbbb");
        using var oldClient = second.Client("first-admin-key-aaaaaaaaaaaaaaaaaaaaaaaa");
        using var old = await oldClient.GetAsync("/api/v1/workflows");
        await Envelope.AssertErrorAsync(old, 401, "UNAUTHORIZED");
        using var newClient = second.Client("second-admin-key-bbbbbbbbbbbbbbbbbbbbbbb");
        using var current = await newClient.GetAsync("/api/v1/workflows");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }
}
