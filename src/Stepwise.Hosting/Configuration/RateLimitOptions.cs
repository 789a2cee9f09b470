using Stepwise.Core.Resilience;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// The request rates the API allows, read once from configuration: one budget per API key (or signed-in user) and
/// one per client address for routes that need no key. A null rate means that limit is off.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string PerKeyKey = "STEPWISE_RATE_LIMIT_PER_KEY";
    public const string PerIpKey = "STEPWISE_RATE_LIMIT_PER_IP";

    public static readonly RateLimit DefaultPerKey = new(600, TimeSpan.FromMinutes(1));
    public static readonly RateLimit DefaultPerIp = new(300, TimeSpan.FromMinutes(1));

    public RateLimit? PerKey { get; set; } = DefaultPerKey;

    public RateLimit? PerIp { get; set; } = DefaultPerIp;

    public static RateLimitOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RateLimitOptions();
        options.PerKey = ReadRate(configuration, PerKeyKey, options.PerKey);
        options.PerIp = ReadRate(configuration, PerIpKey, options.PerIp);
        return options;
    }

    private static RateLimit? ReadRate(IConfiguration configuration, string key, RateLimit? fallback)
    {
        if (SettingValues.Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (text == "0" || string.Equals(text, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!RateLimit.TryParse(text, out var rate, out _))
        {
            throw new ServerConfigurationException($"{key}: '{text}' is not {RateLimit.Expected}, or 0/off to disable.");
        }

        return rate;
    }
}
