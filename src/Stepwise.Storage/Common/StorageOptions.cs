using System.ComponentModel.DataAnnotations;

namespace Stepwise.Storage;

/// <summary>Tuning of the durable store; the defaults suit one process on a local disk.</summary>
public sealed class StorageOptions
{
    /// <summary>How long a write waits for a lock held by another process before failing as busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most writes committed in one transaction (group commit).</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Writes waiting for the writer before appenders are made to wait (back-pressure).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    internal void Validate()
    {
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(
                nameof(BusyTimeout), BusyTimeout, "StorageOptions.BusyTimeout must be between 0 and 10 minutes.");
        }

        if (MaxBatchSize is < 1 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxBatchSize), MaxBatchSize, "StorageOptions.MaxBatchSize must be between 1 and 100000.");
        }

        if (QueueCapacity is < 1 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(
                nameof(QueueCapacity), QueueCapacity, "StorageOptions.QueueCapacity must be between 1 and 1000000.");
        }
    }
}
