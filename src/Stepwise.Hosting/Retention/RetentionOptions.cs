
namespace Stepwise.Hosting.Retention;

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
        options.Retention = SettingValues.Duration(configuration, RetentionKey, options.Retention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        options.Interval = SettingValues.Duration(configuration, IntervalKey, options.Interval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        return options;
    }
}
