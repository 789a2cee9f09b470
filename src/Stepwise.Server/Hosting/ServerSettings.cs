using System.Globalization;
using Microsoft.Extensions.Configuration;
using Stepwise.Core.Definitions;

namespace Stepwise.Server.Hosting;

/// <summary>
/// Reads <see cref="ServerOptions"/> from configuration: environment variables (STEPWISE_*, DATABASE_URL) and the
/// values the CLI passes for its flags. Every bad value is reported with the name of its setting.
/// </summary>
public static class ServerSettings
{
    public const string DataKey = "STEPWISE_DATA";
    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string AdminKeyKey = "STEPWISE_ADMIN_KEY";
    public const string ShutdownGraceKey = "STEPWISE_SHUTDOWN_GRACE";
    public const string MaxBodyKey = "STEPWISE_MAX_BODY";
    public const string MaxConcurrentRunsKey = "STEPWISE_MAX_CONCURRENT_RUNS";
    public const string LeaseKey = "STEPWISE_LEASE";
    public const string RecoveryPollKey = "STEPWISE_RECOVERY_POLL";

    public static ServerOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ServerOptions();
        options.DataDirectory = NonEmpty(configuration, DataKey) ?? options.DataDirectory;
        options.DatabasePath = DatabaseLocation.Resolve(configuration[DatabaseUrlKey], options.DataDirectory);
        var adminKey = configuration[AdminKeyKey]?.Trim();
        options.AdminKey = string.IsNullOrEmpty(adminKey) ? null : adminKey;
        options.ShutdownGrace = ReadDuration(configuration, ShutdownGraceKey, options.ShutdownGrace, TimeSpan.Zero);
        options.LeaseDuration = ReadDuration(configuration, LeaseKey, options.LeaseDuration, TimeSpan.FromSeconds(1));
        options.RecoveryPollInterval = ReadDuration(
            configuration, RecoveryPollKey, options.RecoveryPollInterval, TimeSpan.FromMilliseconds(50));
        options.MaxRequestBodyBytes = ReadSize(configuration, MaxBodyKey, options.MaxRequestBodyBytes);
        options.MaxConcurrentRuns = ReadInt(configuration, MaxConcurrentRunsKey, options.MaxConcurrentRuns, 1, 10_000);
        Secrets.MasterKeys.CheckFormat(configuration);
        return options;
    }

    private static string? NonEmpty(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan ReadDuration(IConfiguration configuration, string key, TimeSpan fallback, TimeSpan minimum)
    {
        if (NonEmpty(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!Duration.TryParse(text, out var value) || value < minimum)
        {
            throw new ServerConfigurationException(
                $"{key}: '{text}' is not {Duration.Expected}" +
                (minimum > TimeSpan.Zero ? $" of at least {Duration.Format(minimum)}." : "."));
        }

        return value;
    }

    private static long ReadSize(IConfiguration configuration, string key, long fallback)
    {
        if (NonEmpty(configuration, key) is not { } text)
        {
            return fallback;
        }

        var digits = text.TrimEnd('B', 'b', 'K', 'k', 'M', 'm', 'G', 'g', ' ');
        var unit = text[digits.Length..].Trim().ToUpperInvariant();
        long multiplier = unit switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1024,
            "M" or "MB" => 1024 * 1024,
            "G" or "GB" => 1024 * 1024 * 1024,
            _ => 0,
        };
        if (multiplier == 0
            || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || count > int.MaxValue / multiplier)
        {
            throw new ServerConfigurationException(
                $"{key}: '{text}' is not a size such as 1048576, 512KB or 4MB (at most 2GB).");
        }

        return count * multiplier;
    }

    private static int ReadInt(IConfiguration configuration, string key, int fallback, int minimum, int maximum)
    {
        if (NonEmpty(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < minimum || value > maximum)
        {
            throw new ServerConfigurationException(
                $"{key}: '{text}' is not a whole number from {minimum} to {maximum}.");
        }

        return value;
    }
}
