
namespace Stepwise.Hosting.Configuration;

/// <summary>Settings of the triggers, read once from configuration; each bad value names its setting.</summary>
internal sealed class TriggerOptions
{
    /// <summary>How often the server re-reads the deployed workflows to follow deploys made on other servers.</summary>
    public const string RefreshKey = "STEPWISE_TRIGGER_REFRESH";

    /// <summary>How long a watched file must be quiet before its event starts a run.</summary>
    public const string DebounceKey = "STEPWISE_FILE_WATCH_DEBOUNCE";

    /// <summary>
    /// Proxies (CIDR ranges or addresses, comma-separated) whose <c>X-Forwarded-For</c> a webhook's
    /// <c>allow_ips</c> believes; from anyone else the header is ignored, since a client can write it.
    /// </summary>
    public const string TrustedProxiesKey = "STEPWISE_TRUSTED_PROXIES";

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; set; } = [];

    public TimeSpan FileWatchDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The folder relative file_watch paths start from: the data folder.</summary>
    public string BaseFolder { get; set; } = "./data";

    public static TriggerOptions Read(IConfiguration configuration, ServerOptions server)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(server);
        var options = new TriggerOptions { BaseFolder = Path.GetFullPath(server.DataDirectory) };
        options.RefreshInterval = SettingValues.Duration(
            configuration, RefreshKey, options.RefreshInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        options.FileWatchDebounce = SettingValues.Duration(
            configuration, DebounceKey, options.FileWatchDebounce, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        options.TrustedProxies = ReadProxies(configuration);
        return options;
    }

    private static List<System.Net.IPNetwork> ReadProxies(IConfiguration configuration)
    {
        var ranges = new List<System.Net.IPNetwork>();
        if (SettingValues.Text(configuration, TrustedProxiesKey) is not { } text)
        {
            return ranges;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Stepwise.Core.Definitions.IpRanges.TryParse(part, out var range))
            {
                throw new ServerConfigurationException(
                    $"{TrustedProxiesKey}: '{part}' is not {Stepwise.Core.Definitions.IpRanges.Expected}");
            }

            ranges.Add(range);
        }

        return ranges;
    }
}
