
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

    /// <summary>The folders file_watch triggers may watch (and what lies under them), separated by commas.</summary>
    public const string WatchRootsKey = "STEPWISE_WATCH_ROOTS";

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Full paths; by default only the data folder's <c>inbox/</c>.</summary>
    public IReadOnlyList<string> WatchRoots { get; set; } = [];

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
        options.WatchRoots = SettingValues.Text(configuration, WatchRootsKey) is { } roots
            ? [.. roots.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(root => ReadRoot(root, options.BaseFolder))]
            : [Path.Combine(options.BaseFolder, "inbox")];
        return options;
    }

    private static string ReadRoot(string root, string dataFolder)
    {
        if (!Path.IsPathFullyQualified(root))
        {
            throw new ServerConfigurationException($"{WatchRootsKey}: '{root}' is not an absolute folder path");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (Triggers.WatchRoots.Contains(full, dataFolder))
        {
            throw new ServerConfigurationException(
                $"{WatchRootsKey}: '{root}' holds the data folder {dataFolder}; name a folder inside it, such as {Path.Combine(dataFolder, "inbox")}");
        }

        return full;
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
