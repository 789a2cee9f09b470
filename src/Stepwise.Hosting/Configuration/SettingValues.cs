using System.Globalization;
using Stepwise.Core.Definitions;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Reads one setting's value from configuration: absent or blank gives the fallback, a bad value throws
/// <see cref="ServerConfigurationException"/> naming the setting, the value and what is expected. Every options
/// class reads through here, so the same kind of setting is parsed and reported the same way everywhere.
/// </summary>
public static class SettingValues
{
    /// <summary>The trimmed value, or null when the setting is absent or blank.</summary>
    public static string? Text(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>true/false (also 1/0, yes/no, on/off, in any case).</summary>
    public static bool Bool(IConfiguration configuration, string key, bool fallback = false)
    {
        var text = Text(configuration, key);
        return text?.ToLowerInvariant() switch
        {
            null => fallback,
            "false" or "0" or "no" or "off" => false,
            "true" or "1" or "yes" or "on" => true,
            _ => throw new ServerConfigurationException($"{key}: '{text}' is not true or false."),
        };
    }

    /// <summary>A duration such as <c>30s</c>, <c>10m</c> or <c>7d</c>, from <paramref name="minimum"/> up to <paramref name="maximum"/> when given.</summary>
    public static TimeSpan Duration(
        IConfiguration configuration, string key, TimeSpan fallback, TimeSpan minimum, TimeSpan? maximum = null)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!Core.Definitions.Duration.TryParse(text, out var value) || value < minimum || value > maximum)
        {
            var range = maximum is { } most
                ? $" from {Core.Definitions.Duration.Format(minimum)} to {Core.Definitions.Duration.Format(most)}"
                : minimum > TimeSpan.Zero ? $" of at least {Core.Definitions.Duration.Format(minimum)}" : string.Empty;
            throw new ServerConfigurationException($"{key}: '{text}' is not {Core.Definitions.Duration.Expected}{range}.");
        }

        return value;
    }

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static int Int(IConfiguration configuration, string key, int fallback, int minimum, int maximum)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < minimum || value > maximum)
        {
            throw new ServerConfigurationException($"{key}: '{text}' is not a whole number from {minimum} to {maximum}.");
        }

        return value;
    }

    /// <summary>A size in bytes such as <c>1048576</c>, <c>512KB</c> or <c>4MB</c>, at least 1 byte and at most 2 GB.</summary>
    public static long Size(IConfiguration configuration, string key, long fallback)
    {
        if (Text(configuration, key) is not { } text)
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
            throw new ServerConfigurationException($"{key}: '{text}' is not a size such as 1048576, 512KB or 4MB (at most 2GB).");
        }

        return count * multiplier;
    }
}
