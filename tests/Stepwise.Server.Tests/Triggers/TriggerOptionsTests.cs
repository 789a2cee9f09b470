using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Tests.Triggers;

public sealed class TriggerOptionsTests
{
    [Fact]
    public void Read_NothingSet_DefaultsWithDataFolderAsBase()
    {
        var options = TriggerOptions.Read(Configuration(), new ServerOptions { DataDirectory = "relative/data" });

        Assert.Equal(TimeSpan.FromSeconds(10), options.RefreshInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.FileWatchDebounce);
        Assert.Equal(Path.GetFullPath("relative/data"), options.BaseFolder);
    }

    [Fact]
    public void Read_Durations_AreUsed()
    {
        var options = TriggerOptions.Read(
            Configuration(("STEPWISE_TRIGGER_REFRESH", "2s"), ("STEPWISE_FILE_WATCH_DEBOUNCE", "0s")), new ServerOptions());

        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.Zero), (options.RefreshInterval, options.FileWatchDebounce));
    }

    [Theory]
    [InlineData("STEPWISE_TRIGGER_REFRESH", "soon", "STEPWISE_TRIGGER_REFRESH: 'soon' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 100ms to 1h.")]
    [InlineData("STEPWISE_TRIGGER_REFRESH", "10ms", "STEPWISE_TRIGGER_REFRESH: '10ms' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 100ms to 1h.")]
    [InlineData("STEPWISE_FILE_WATCH_DEBOUNCE", "1h", "STEPWISE_FILE_WATCH_DEBOUNCE: '1h' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 0s to 10m.")]
    public void Read_BadValue_ThrowsNamingTheSetting(string key, string value, string message)
    {
        var error = Assert.Throws<ServerConfigurationException>(
            () => TriggerOptions.Read(Configuration((key, value)), new ServerOptions()));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_TrustedProxies_AreAddressesAndRanges()
    {
        var options = TriggerOptions.Read(Configuration(("STEPWISE_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.5,2001:db8::/32")), new ServerOptions());

        Assert.Equal(["10.0.0.0/8", "127.0.0.5/32", "2001:db8::/32"], options.TrustedProxies.Select(r => r.ToString()));
    }

    [Fact]
    public void Read_BadTrustedProxy_ThrowsNamingTheSettingAndTheEntry()
    {
        var error = Assert.Throws<ServerConfigurationException>(
            () => TriggerOptions.Read(Configuration(("STEPWISE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.local")), new ServerOptions()));

        Assert.Equal("STEPWISE_TRUSTED_PROXIES: 'proxy.local' is not an IP address or a CIDR range such as 192.0.2.0/24", error.Message);
    }

    [Fact]
    public void Read_WatchRoots_DefaultToTheInboxOfTheDataFolder()
    {
        var options = TriggerOptions.Read(Configuration(), new ServerOptions { DataDirectory = "/srv/stepwise" });

        Assert.Equal(["/srv/stepwise/inbox"], options.WatchRoots);
    }

    [Theory]
    [InlineData("relative/inbox", "STEPWISE_WATCH_ROOTS: 'relative/inbox' is not an absolute folder path")]
    [InlineData("/srv", "STEPWISE_WATCH_ROOTS: '/srv' holds the data folder /srv/stepwise; name a folder inside it, such as /srv/stepwise/inbox")]
    [InlineData("/srv/stepwise", "STEPWISE_WATCH_ROOTS: '/srv/stepwise' holds the data folder /srv/stepwise; name a folder inside it, such as /srv/stepwise/inbox")]
    public void Read_WatchRootHoldingTheDataFolderOrRelative_ThrowsNamingTheSetting(string roots, string message)
    {
        var error = Assert.Throws<ServerConfigurationException>(
            () => TriggerOptions.Read(Configuration(("STEPWISE_WATCH_ROOTS", roots)), new ServerOptions { DataDirectory = "/srv/stepwise" }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_WatchRoots_AreFullPathsSeparatedByCommas()
    {
        var options = TriggerOptions.Read(
            Configuration(("STEPWISE_WATCH_ROOTS", "/mnt/drop/, /srv/stepwise/inbox")), new ServerOptions { DataDirectory = "/srv/stepwise" });

        Assert.Equal(["/mnt/drop", "/srv/stepwise/inbox"], options.WatchRoots);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
