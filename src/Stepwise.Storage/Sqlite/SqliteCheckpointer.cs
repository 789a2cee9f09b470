using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// Copies the WAL into the database file on a thread and connection of its own, off the writer's commit path. SQLite's
/// automatic checkpoint ran on the committing connection right after a commit (every 1,000 frames), so every write
/// waiting for that commit waited for the copy and the database file's fsync too; under load that was a stall every
/// few dozen milliseconds.
/// </summary>
/// <remarks>
/// A hook on the writer's connection (<see cref="SqliteWalHook"/>) counts the frames each commit appends and wakes
/// this thread every <see cref="WalCheckpointLimits.CheckpointerFrames"/>, which runs a PASSIVE checkpoint: it never
/// waits for the writer or a reader, copies what no reader still needs, and the WAL starts again from its beginning
/// at the writer's next transaction once all of it is copied (under load, never by a pass alone: see
/// <see cref="Continue"/>, which has the writer copy the last few frames). The hook also replaces SQLite's automatic
/// checkpoint: at <see cref="WalCheckpointLimits.WriterFrames"/> it checkpoints on the writer, as SQLite did at 1,000,
/// so the WAL stays bounded if this thread falls behind or stops. Durability is SQLite's: a checkpoint syncs the database file
/// before the WAL may be overwritten, with this connection at <c>synchronous=FULL</c> like the writer's.
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    // Frames few enough for the writer to copy on its commit path when the checkpointer asks it to (a few commits'
    // worth: a 6-run commit appends about 20), so the WAL starts again without waiting for the backstop.
    private const int FinishFrames = 64;

    // Passes of one checkpoint near the backstop, at most, before the writer is asked to copy what is left.
    private const int MaxPasses = 4;

    private readonly string _connectionString;
    private readonly string _location;
    private readonly WalCheckpointLimits _limits;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;

    // The hooks installed on writer connections: SQLite holds only their native pointers, so they live as long as this.
    private readonly List<SqliteWalHook.Callback> _hooks = [];

    // 1 while a wake-up is pending, so a burst of commits releases the semaphore once.
    private int _requested;

    // 1 when the checkpointer asks the writer to copy the last frames of a WAL near the backstop (see CheckpointOnce).
    private int _finishRequested;
    private volatile bool _stopping;
    private int _disposed;

    // Touched only in the hook, by the committer (the writer's loop or a leader, one at a time).
    private long _walFrames;
    private long _framesSinceWake;
    private int _writerFailure;

    // Touched only by the checkpointer's thread.
    private SqliteConnection? _connection;
    private long _lastRestarts;
    private long _lastWalFrames;
    private long _lastCheckpointed;
    private string? _checkpointerFailure;

    public SqliteCheckpointer(string path, WalCheckpointLimits limits, ILogger logger)
    {
        _location = path;
        _limits = limits;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
        _thread = new Thread(Run) { IsBackground = true, Name = "Stepwise WAL checkpointer" };
        _thread.Start();
    }

    public WalCheckpointCounters Counters { get; } = new();

    /// <summary>Whether the checkpointer's thread is still running (until <see cref="DisposeAsync"/> stops it).</summary>
    public bool IsRunning => _thread.IsAlive;

    /// <summary>
    /// Hooks the writer's <paramref name="connection"/>: its commits wake this checkpointer, and its own automatic
    /// checkpoint gives way to the backstop. Called for each writer connection the dialect opens.
    /// </summary>
    public void Watch(SqliteConnection connection)
    {
        var writer = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        SqliteWalHook.Callback hook = (_, _, _, walFrames) => AfterCommit(writer, walFrames);
        lock (_hooks)
        {
            _hooks.Add(hook);
        }

        SqliteWalHook.Install(connection, hook);
    }

    /// <summary>Stops the thread once its checkpoint (if any) is done and closes its connection; call after the writer closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping = true;
        _wake.Release();
        await _stopped.Task.ConfigureAwait(false);
        _wake.Dispose();
    }

    /// <summary>The hook, run on the writer's thread inside its commit: must be quick and must never throw into SQLite.</summary>
    private int AfterCommit(sqlite3 writer, int walFrames)
    {
        try
        {
            // Fewer frames than after the last commit: every frame had been copied and the WAL began again. (A
            // first transaction after a restart that alone outgrew the old WAL is counted short; it is a count only.)
            var restarted = walFrames < _walFrames;
            var appended = restarted ? walFrames : walFrames - _walFrames;
            _walFrames = walFrames;
            Counters.RecordCommit(appended, walFrames, restarted);

            // Counted from the WAL's start: wake-ups come at each multiple of the threshold of its size, so the one
            // that asks the writer to finish (Continue) comes before the backstop.
            _framesSinceWake = restarted ? walFrames : _framesSinceWake + appended;
            if (_framesSinceWake >= _limits.CheckpointerFrames)
            {
                _framesSinceWake = 0;
                Wake();
            }

            if (walFrames >= _limits.WriterFrames || Interlocked.Exchange(ref _finishRequested, 0) == 1)
            {
                CheckpointOnWriter(writer);
            }
        }
        catch (Exception exception)
        {
            // An exception must not cross into SQLite's native frames; the commit itself has happened.
            Log.CheckpointFailed(_logger, _location, "writer", exception.Message);
        }

        return raw.SQLITE_OK;
    }

    private void Wake()
    {
        if (!_stopping && Interlocked.Exchange(ref _requested, 1) == 0)
        {
            Counters.RecordWakeUp();
            _wake.Release();
        }
    }

    /// <summary>
    /// PASSIVE on the writer's connection, as SQLite's own automatic checkpoint did it: the backstop, or the last few
    /// frames the checkpointer asked for. Busy when the checkpointer is copying at that moment, and then the next
    /// commit tries again (at the backstop; a finish request is not repeated, the next wake-up's pass copies them).
    /// </summary>
    private void CheckpointOnWriter(sqlite3 writer)
    {
        var result = raw.sqlite3_wal_checkpoint_v2(writer, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out _, out _);
        Counters.RecordWriterCheckpoint();
        if (result is raw.SQLITE_OK or raw.SQLITE_BUSY)
        {
            _writerFailure = 0;
        }
        else if (result != _writerFailure)
        {
            _writerFailure = result;
            Log.CheckpointFailed(_logger, _location, "writer", Describe(writer, result));
        }
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                _wake.Wait();
                if (_stopping)
                {
                    return;
                }

                Volatile.Write(ref _requested, 0);
                CheckpointOnce();
            }
        }
        finally
        {
            CloseConnection();
            _stopped.TrySetResult();
        }
    }

    /// <summary>
    /// One checkpoint: a PASSIVE pass, which copies the WAL as it was when the pass began. Near the backstop, further
    /// passes copy what was committed meanwhile, each shorter than the last, and then the writer is asked to copy the
    /// few frames still left, after which the WAL starts again (see <see cref="FinishFrames"/>).
    /// </summary>
    private void CheckpointOnce()
    {
        var copied = 0L;
        try
        {
            _connection ??= Open();
            for (var pass = 1; ; pass++)
            {
                var restarts = Counters.Restarts;
                var result = raw.sqlite3_wal_checkpoint_v2(
                    _connection.Handle!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var walFrames, out var checkpointed);
                if (result == raw.SQLITE_BUSY)
                {
                    // Another checkpoint holds the lock (the writer's, another process's): it copies instead.
                    Counters.RecordCheckpoint(copied, busy: true);
                    _checkpointerFailure = null;
                    return;
                }

                if (result != raw.SQLITE_OK)
                {
                    // Counted as failed, not as a checkpoint: each wake-up is one or the other.
                    Fail(Describe(_connection.Handle!, result));
                    return;
                }

                // What the WAL had copied at the last pass was copied then, unless it has started again since.
                var sameWal = restarts == _lastRestarts && walFrames >= _lastWalFrames && checkpointed >= _lastCheckpointed;
                copied += sameWal ? checkpointed - _lastCheckpointed : checkpointed;
                (_lastRestarts, _lastWalFrames, _lastCheckpointed) = (restarts, walFrames, checkpointed);
                _checkpointerFailure = null;
                if (!Continue(pass, restarts, walFrames, checkpointed))
                {
                    break;
                }
            }

            Counters.RecordCheckpoint(copied, busy: false);
        }
        catch (Exception exception)
        {
            // Never fatal: an exception would end this thread (and the process with it); the writer's backstop keeps
            // the WAL bounded whatever happens here.
            Fail(exception.Message);
        }
    }

    /// <summary>
    /// Whether to copy again at once, after a pass that copied <paramref name="checkpointed"/> of the WAL's
    /// <paramref name="walFrames"/>. The WAL starts again only once a checkpoint has copied all of it, and under
    /// unbroken load commits always add frames while a pass copies; left alone the writer would copy them at the
    /// backstop, all that came after the last pass, on its commit path. So when the next wake-up would come at the
    /// backstop anyway, passes go on while they catch up, then the writer is asked to copy the last few frames.
    /// </summary>
    private bool Continue(int pass, long restarts, int walFrames, int checkpointed)
    {
        var now = Counters.WalFrames;
        var behind = Counters.Restarts == restarts ? now - checkpointed : 0;
        if (behind <= 0 || checkpointed < walFrames || walFrames < _limits.WriterFrames - _limits.CheckpointerFrames)
        {
            // All copied (the WAL starts again at the writer's next transaction), or a reader's snapshot holds the
            // rest (no pass copies past it), or far from the backstop (the next wake-up copies the rest).
            return false;
        }

        if (now >= _limits.WriterFrames)
        {
            // At the backstop the writer checkpoints after each commit, and a pass here would only make it busy.
            return false;
        }

        if (behind <= FinishFrames || pass >= MaxPasses)
        {
            Volatile.Write(ref _finishRequested, 1);
            return false;
        }

        return true;
    }

    /// <summary>Counts the failure, logs the first of its kind, and drops the connection so the next wake-up opens a fresh one.</summary>
    private void Fail(string error)
    {
        Counters.RecordCheckpointFailure();
        if (!string.Equals(error, _checkpointerFailure, StringComparison.Ordinal))
        {
            _checkpointerFailure = error;
            Log.CheckpointFailed(_logger, _location, "checkpointer", error);
        }

        CloseConnection();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();

            // A checkpoint syncs with its own connection's setting: FULL, as the writer, so the database file is on disk
            // before the WAL that held those pages may be overwritten.
            using var command = connection.CreateCommand("PRAGMA synchronous = FULL;");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CloseConnection()
    {
        try
        {
            _connection?.Dispose();
        }
        catch (SqliteException exception)
        {
            Log.CheckpointFailed(_logger, _location, "checkpointer", exception.Message);
        }

        _connection = null;
    }

    private static string Describe(sqlite3 database, int result) =>
        $"{raw.sqlite3_errstr(result).utf8_to_string()} ({result}): {raw.sqlite3_errmsg(database).utf8_to_string()}";
}
