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

            // Framed apart from the log lines, and kept in <data>/initial-admin.key for the owner only.
            Assert.Matches(@"\+-+\+\r?\n\|  Admin API key", first.Console.ToString());
            Assert.Contains("stepwise keys create --platform-admin --role admin", first.Console.ToString(), StringComparison.Ordinal);
            var file = Path.Combine(folder.Path, "initial-admin.key");
            Assert.Equal(key, File.ReadAllText(file).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        using var second = ServerFactory.Over(folder).Without("STEPWISE_ADMIN_KEY");
        await second.StartAsync();
        Assert.DoesNotContain("Admin API key", second.Console.ToString(), StringComparison.Ordinal);
        using var again = second.Client(key);
        using var stillValid = await again.GetAsync("/api/v1/workflows");
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.True(File.Exists(Path.Combine(folder.Path, "initial-admin.key")), "one admin key: the file stays");
    }

    [Fact]
    public async Task InitialAdminKeyFile_SecondAdminKeyExists_IsDeletedAtTheNextStart()
    {
        var folder = new TempFolder();
        using (var first = WithKeep(ServerFactory.Over(folder)).Without("STEPWISE_ADMIN_KEY"))
        {
            await first.StartAsync();
        }

        Assert.True(File.Exists(Path.Combine(folder.Path, "initial-admin.key")));
        using var second = ServerFactory.Over(folder).With("STEPWISE_ADMIN_KEY", "second-admin-key-bbbbbbbbbbbbbbbbbbbbbbb");
        await second.StartAsync();

        Assert.False(File.Exists(Path.Combine(folder.Path, "initial-admin.key")));
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
