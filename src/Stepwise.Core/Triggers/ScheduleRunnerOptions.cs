using System.ComponentModel.DataAnnotations;

namespace Stepwise.Core.Triggers;

public sealed class ScheduleRunnerOptions
{
    /// <summary>
    /// The longest single wait for a tick. A far tick is waited for in steps of this, re-reading the clock in between,
    /// so a system clock that is set forward or back is noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a schedule waits before trying again after its state store failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (MaxWait < TimeSpan.FromSeconds(1) || MaxWait > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"MaxWait must be between 1 second and 1 day, got {MaxWait}.", nameof(MaxWait));
        }

        if (RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"RetryDelay must be between 10 ms and 1 hour, got {RetryDelay}.", nameof(RetryDelay));
        }
    }
}
