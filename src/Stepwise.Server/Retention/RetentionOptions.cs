using Stepwise.Core.Definitions;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Retention;

/// <summary>Settings of the retention job, read once from configuration; each bad value names its setting.</summary>
internal sealed class RetentionOptions
{
    /// <summary>How long finished runs are kept, counted from when they finished.</summary>
    public const string RetentionKey = "STEPWISE_RETENTION";

    /// <summary>How often finished runs past the retention are purged.</summary>
    public const string IntervalKey = "STEPWISE_RETENTION_INTERVAL";

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    public static RetentionOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RetentionOptions();
        options.Retention = ReadDuration(configuration, RetentionKey, options.Retention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        options.Interval = ReadDuration(configuration, IntervalKey, options.Interval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return options;
    }

    private static TimeSpan ReadDuration(
        IConfiguration configuration, string key, TimeSpan fallback, TimeSpan minimum, TimeSpan maximum)
    {
        var text = configuration[key]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (!Duration.TryParse(text, out var value) || value < minimum || value > maximum)
        {
            throw new ServerConfigurationException(
                $"{key}: '{text}' is not {Duration.Expected} from {Duration.Format(minimum)} to {Duration.Format(maximum)}.");
        }

        return value;
    }
}
