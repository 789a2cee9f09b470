using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Stepwise.Core.Scheduling;

/// <summary>Settings of the workflow engine; hosts bind them from configuration (STEPWISE_MAX_PAYLOAD, ...).</summary>
public sealed class EngineOptions
{
    public const long DefaultMaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>A step input or output larger than this (as UTF-8 JSON) fails the step.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>What one run may spend: expression budgets, foreach width, steps, log volume.</summary>
    public RunBudgets Budgets { get; set; } = RunBudgets.Default;

    /// <summary>Who holds the leases of the runs this engine executes; unique per process.</summary>
    [Required]
    public string OwnerId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>How long a claim lasts without renewal; renewed every third of it while runs are active.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a run started with <see cref="RunOptions.WriteWhenFinished"/> may stay unwritten (held in memory)
    /// before it is written as it stands: about one group commit, so a crash can only lose runs nobody was told of.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan WriteWholeWithin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The organization of runs started without one.</summary>
    [Required]
    public string DefaultOrgId { get; set; } = "default";

    /// <summary>Parses sizes such as <c>4MB</c>, <c>512 KB</c>, <c>1.5MB</c>, <c>1048576</c> (bytes).</summary>
    public static bool TryParseByteSize(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var split = trimmed.Length;
        while (split > 0 && char.IsAsciiLetter(trimmed[split - 1]))
        {
            split--;
        }

        long? multiplier = trimmed[split..].ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" => 1024,
            "M" or "MB" => 1024 * 1024,
            "G" or "GB" => 1024 * 1024 * 1024,
            _ => null,
        };
        if (multiplier is null || !double.TryParse(
                trimmed.AsSpan(0, split).Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount * multiplier.Value > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(amount * multiplier.Value);
        return bytes > 0;
    }
}
