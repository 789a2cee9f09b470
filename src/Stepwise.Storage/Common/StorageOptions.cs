using System.ComponentModel.DataAnnotations;

namespace Stepwise.Storage;

/// <summary>Tuning of the durable store; the defaults suit one process on a local disk or a shared PostgreSQL.</summary>
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

    /// <summary>
    /// PostgreSQL only: most connections this process opens (the pool's size, replacing any Maximum Pool Size in
    /// the connection string). The writer keeps one and the work listener one; readers share the rest. Hosts set it
    /// from <c>STEPWISE_DB_MAX_CONNECTIONS</c>.
    /// </summary>
    [Range(3, 10_000)]
    public int MaxConnections { get; set; } = 25;

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

        if (MaxConnections is < 3 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxConnections),
                MaxConnections,
                "StorageOptions.MaxConnections (STEPWISE_DB_MAX_CONNECTIONS) must be between 3 and 10000: the " +
                "writer and the work listener each keep one connection and readers need at least one.");
        }
    }
}
