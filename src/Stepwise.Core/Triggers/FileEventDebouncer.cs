using Stepwise.Core.Definitions;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Folds the raw events of each file into one event once the file has been quiet for the debounce time. The folded
/// event depends on the first and last raw events: created…deleted is nothing (the file came and went), …deleted is
/// deleted, created… is created, deleted…created is changed (the file was replaced, as editors save), else changed.
/// Timers come from the <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
internal sealed class FileEventDebouncer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _quiet;
    private readonly Action<string, FileWatchEvents> _settled;
    private bool _disposed;

    public FileEventDebouncer(TimeProvider time, TimeSpan quiet, Action<string, FileWatchEvents> settled)
    {
        _time = time;
        _quiet = quiet;
        _settled = settled;
    }

    /// <summary>Records a raw event (one of Created, Changed, Deleted) of the file at <paramref name="path"/>.</summary>
    public void Observe(string path, FileWatchEvents kind)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (_pending.TryGetValue(path, out var pending))
            {
                pending.Last = kind;
                pending.Timer.Change(_quiet, Timeout.InfiniteTimeSpan);
                return;
            }

            pending = new Pending(kind);
            _pending.Add(path, pending);
            pending.Timer = _time.CreateTimer(state => Settle((string)state!), path, _quiet, Timeout.InfiniteTimeSpan);
        }
    }

    public bool IsPending(string path)
    {
        lock (_gate)
        {
            return _pending.ContainsKey(path);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var pending in _pending.Values)
            {
                pending.Timer.Dispose();
            }

            _pending.Clear();
        }
    }

    internal static FileWatchEvents Fold(FileWatchEvents first, FileWatchEvents last) => (first, last) switch
    {
        (FileWatchEvents.Created, FileWatchEvents.Deleted) => FileWatchEvents.None,
        (_, FileWatchEvents.Deleted) => FileWatchEvents.Deleted,
        (FileWatchEvents.Created, _) => FileWatchEvents.Created,
        _ => FileWatchEvents.Changed,
    };

    private void Settle(string path)
    {
        FileWatchEvents folded;
        lock (_gate)
        {
            if (_disposed || !_pending.Remove(path, out var pending))
            {
                return;
            }

            pending.Timer.Dispose();
            folded = Fold(pending.First, pending.Last);
        }

        if (folded != FileWatchEvents.None)
        {
            _settled(path, folded);
        }
    }

    private sealed class Pending(FileWatchEvents first)
    {
        public FileWatchEvents First { get; } = first;

        public FileWatchEvents Last { get; set; } = first;

        public ITimer Timer { get; set; } = null!;
    }
}
