using System.ComponentModel.DataAnnotations;

namespace Stepwise.Core.Triggers;

public sealed class FileWatchOptions
{
    /// <summary>How long a file must be quiet before its event fires: a file written in chunks gives one event.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often a watched folder is checked to still be the same folder. Linux reports nothing when a watched
    /// folder is removed, so this check is what notices it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FolderCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first wait before looking again for a missing folder; it doubles up to <see cref="MissingFolderMaxPoll"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MissingFolderFirstPoll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between looks for a missing folder.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MissingFolderMaxPoll { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        Require(Debounce, TimeSpan.Zero, TimeSpan.FromMinutes(10), nameof(Debounce));
        Require(FolderCheckInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), nameof(FolderCheckInterval));
        Require(MissingFolderFirstPoll, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), nameof(MissingFolderFirstPoll));
        Require(MissingFolderMaxPoll, MissingFolderFirstPoll, TimeSpan.FromHours(1), nameof(MissingFolderMaxPoll));
    }

    private static void Require(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentException($"{name} must be between {min} and {max}, got {value}.", name);
        }
    }
}
