namespace Stepwise.Storage;

/// <summary>
/// What SQLite's write-ahead log has seen since the store opened: the commits' growth of it and the checkpoints that
/// copied it into the database file, by the checkpointer's thread or (as a backstop) by the writer itself. Read by
/// tests and by whoever tunes the store; PostgreSQL has none.
/// </summary>
public sealed class WalCheckpointCounters
{
    private long _framesCommitted;
    private long _walFrames;
    private long _largestWal;
    private long _restarts;
    private long _wakeUps;
    private long _checkpoints;
    private long _checkpointsBusy;
    private long _framesCheckpointed;
    private long _checkpointsFailed;
    private long _writerCheckpoints;

    /// <summary>WAL frames (one page each) the writer's commits appended.</summary>
    public long FramesCommitted => Volatile.Read(ref _framesCommitted);

    /// <summary>Frames the WAL held after the last commit.</summary>
    public long WalFrames => Volatile.Read(ref _walFrames);

    /// <summary>Most frames the WAL held after a commit: how far it grew before a checkpoint let it start again.</summary>
    public long LargestWal => Volatile.Read(ref _largestWal);

    /// <summary>Times the WAL started again from its beginning, every frame of it having been checkpointed.</summary>
    public long Restarts => Volatile.Read(ref _restarts);

    /// <summary>
    /// Times the writer's commits woke the checkpointer's thread (once per threshold of frames appended, fewer while
    /// it is still copying); each wake-up is one of <see cref="Checkpoints"/> or <see cref="CheckpointsFailed"/> once done.
    /// </summary>
    public long WakeUps => Volatile.Read(ref _wakeUps);

    /// <summary>Checkpoints the checkpointer's thread ran (PASSIVE: they never wait for the writer or readers).</summary>
    public long Checkpoints => Volatile.Read(ref _checkpoints);

    /// <summary>Of <see cref="Checkpoints"/>, those SQLite answered busy (another checkpoint ran); normal, and retried at the next signal.</summary>
    public long CheckpointsBusy => Volatile.Read(ref _checkpointsBusy);

    /// <summary>Frames the checkpointer's thread copied into the database file.</summary>
    public long FramesCheckpointed => Volatile.Read(ref _framesCheckpointed);

    /// <summary>Checkpoints by the checkpointer's thread that failed with an error other than busy (each logged).</summary>
    public long CheckpointsFailed => Volatile.Read(ref _checkpointsFailed);

    /// <summary>
    /// Checkpoints the writer ran itself after a commit, on the commit's path: to copy the last few frames when the
    /// checkpointer asked it to (under unbroken load no pass finds the WAL whole), or because the WAL reached the
    /// backstop (the checkpointer fell behind or stopped).
    /// </summary>
    public long WriterCheckpoints => Volatile.Read(ref _writerCheckpoints);

    internal void RecordCommit(long framesAppended, long walFrames, bool restarted)
    {
        if (restarted)
        {
            Interlocked.Increment(ref _restarts);
        }

        Interlocked.Add(ref _framesCommitted, framesAppended);
        Volatile.Write(ref _walFrames, walFrames);

        // Only the committer (one at a time) writes it; others read it.
        if (walFrames > Volatile.Read(ref _largestWal))
        {
            Volatile.Write(ref _largestWal, walFrames);
        }
    }

    internal void RecordWakeUp() => Interlocked.Increment(ref _wakeUps);

    internal void RecordCheckpoint(long framesCopied, bool busy)
    {
        Interlocked.Increment(ref _checkpoints);
        Interlocked.Add(ref _framesCheckpointed, framesCopied);
        if (busy)
        {
            Interlocked.Increment(ref _checkpointsBusy);
        }
    }

    internal void RecordCheckpointFailure() => Interlocked.Increment(ref _checkpointsFailed);

    internal void RecordWriterCheckpoint() => Interlocked.Increment(ref _writerCheckpoints);
}
