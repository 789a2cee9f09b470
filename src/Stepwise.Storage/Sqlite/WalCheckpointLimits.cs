namespace Stepwise.Storage.Sqlite;

/// <summary>
/// When SQLite's write-ahead log is copied into the database file. The checkpointer's thread is woken each time the
/// writer's commits have appended <see cref="CheckpointerFrames"/> frames; the writer checkpoints on its own commit
/// path when the checkpointer asks it to copy the last few frames (within one wake-up of the backstop), or by itself
/// once the WAL holds <see cref="WriterFrames"/>, a backstop that keeps the WAL bounded when the checkpointer falls
/// behind or stops.
/// </summary>
internal sealed record WalCheckpointLimits
{
    /// <summary>
    /// 1,000 frames as SQLite's own <c>wal_autocheckpoint</c>, so the checkpointer copies as often as the writer did;
    /// the writer's backstop at four times that lets the WAL reach about 16 MB of 4 KiB pages at most, and the WAL
    /// starts again about every 3,000 frames under load, the writer copying the last hundred or so each time.
    /// </summary>
    public static WalCheckpointLimits Default { get; } = new(1_000, 4_000);

    public WalCheckpointLimits(int checkpointerFrames, int writerFrames)
    {
        if (checkpointerFrames < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(checkpointerFrames), checkpointerFrames, "The checkpointer's threshold must be at least one WAL frame.");
        }

        if (writerFrames <= checkpointerFrames)
        {
            throw new ArgumentOutOfRangeException(
                nameof(writerFrames),
                writerFrames,
                $"The writer's backstop must be more WAL frames than the checkpointer's threshold ({checkpointerFrames}), or the writer checkpoints first.");
        }

        CheckpointerFrames = checkpointerFrames;
        WriterFrames = writerFrames;
    }

    /// <summary>Frames appended by commits between two wake-ups of the checkpointer's thread.</summary>
    public int CheckpointerFrames { get; }

    /// <summary>Frames in the WAL from which the writer checkpoints after its commit.</summary>
    public int WriterFrames { get; }
}
