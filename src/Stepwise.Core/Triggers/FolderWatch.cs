using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Watches one folder for one <see cref="FileWatch"/>. A <see cref="FileSystemWatcher"/> reports the changes; the
/// files it has seen are remembered, so whenever the watcher has to be rebuilt (the folder vanished, was replaced,
/// or the watcher overflowed) a scan of the folder is compared with them and the differences become events too:
/// nothing that happened while the watcher was blind is lost, and nothing is reported twice. A missing folder is
/// looked for again with a doubling back-off, never in a busy loop.
/// </summary>
internal sealed class FolderWatch : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileStamp> _known = new(StringComparer.Ordinal);
    private readonly FileWatchRunner _runner;
    private readonly FileEventDebouncer _debouncer;
    private readonly ITimer _checkTimer;
    private FileSystemWatcher? _watcher;
    private DateTime _folderIdentity;
    private TimeSpan _nextPoll;
    private bool _present;
    private bool _missingLogged;
    private bool _stopped;

    public FolderWatch(FileWatchRunner runner, FileWatch watch)
    {
        _runner = runner;
        Watch = watch;
        _nextPoll = runner.Options.MissingFolderFirstPoll;
        _debouncer = new FileEventDebouncer(runner.Time, runner.Options.Debounce, OnSettled);
        _checkTimer = runner.Time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        FileSystemWatcher? stale;
        lock (_gate)
        {
            stale = Attach(reportDifferences: false);
        }

        stale?.Dispose();
    }

    public FileWatch Watch { get; }

    public FileWatchStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new FileWatchStatus(Watch.Key, Watch.Folder, Watch.Pattern, Watch.Events, _present);
            }
        }
    }

    public void Dispose()
    {
        FileSystemWatcher? watcher;
        lock (_gate)
        {
            _stopped = true;
            watcher = _watcher;
            _watcher = null;
        }

        _checkTimer.Dispose();
        watcher?.Dispose();
        _debouncer.Dispose();
    }

    /// <summary>
    /// Starts a watcher on the folder if it is there (else schedules a poll); returns the watcher it replaced, to be
    /// disposed outside the lock. With <paramref name="reportDifferences"/> the folder's files are compared with the
    /// remembered ones and the differences reported; the first attach only learns them.
    /// </summary>
    private FileSystemWatcher? Attach(bool reportDifferences)
    {
        var previous = _watcher;
        _watcher = null;
        if (_stopped)
        {
            return previous;
        }

        FileSystemWatcher? watcher = null;
        try
        {
            if (Directory.Exists(Watch.Folder))
            {
                watcher = NewWatcher();
                _folderIdentity = Directory.GetCreationTimeUtc(Watch.Folder);
                Reconcile(Scan(), reportDifferences);
                _watcher = watcher;
                _present = true;
                _missingLogged = false;
                _nextPoll = _runner.Options.MissingFolderFirstPoll;
                Log.WatchStarted(_runner.Logger, Watch.Key.ToString(), Watch.Folder, Watch.Pattern);
                _checkTimer.Change(_runner.Options.FolderCheckInterval, Timeout.InfiniteTimeSpan);
                return previous;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The folder vanished while starting, or cannot be watched (permissions, inotify limits): poll for it.
            watcher?.Dispose();
            Log.WatcherFailed(_runner.Logger, exception, Watch.Key.ToString(), Watch.Folder);
        }

        BecomeMissing();
        return previous;
    }

    private void BecomeMissing()
    {
        if (_present || !_missingLogged)
        {
            Log.FolderMissing(_runner.Logger, Watch.Key.ToString(), Watch.Folder);
            _missingLogged = true;
        }

        _present = false;
        Reconcile([], reportDifferences: true);
        _checkTimer.Change(_nextPoll, Timeout.InfiniteTimeSpan);
        _nextPoll = _nextPoll * 2 < _runner.Options.MissingFolderMaxPoll ? _nextPoll * 2 : _runner.Options.MissingFolderMaxPoll;
    }

    private FileSystemWatcher NewWatcher()
    {
        var watcher = new FileSystemWatcher(Watch.Folder)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, e) => OnRaw(watcher, e.Name, FileWatchEvents.Created);
        watcher.Changed += (_, e) => OnRaw(watcher, e.Name, FileWatchEvents.Changed);
        watcher.Deleted += (_, e) => OnRaw(watcher, e.Name, FileWatchEvents.Deleted);
        watcher.Renamed += (_, e) =>
        {
            OnRaw(watcher, e.OldName, FileWatchEvents.Deleted);
            OnRaw(watcher, e.Name, FileWatchEvents.Created);
        };
        watcher.Error += (_, e) => OnWatcherError(watcher, e.GetException());
        try
        {
            watcher.EnableRaisingEvents = true;
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        return watcher;
    }

    private void OnRaw(FileSystemWatcher source, string? name, FileWatchEvents kind)
    {
        if (name is null || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || !Watch.Matches(name))
        {
            return;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(source, _watcher))
            {
                return;
            }

            var path = Path.Combine(Watch.Folder, name);
            if (kind == FileWatchEvents.Deleted)
            {
                if (!_known.Remove(name) && !_debouncer.IsPending(path))
                {
                    return;
                }
            }
            else if (Stamp(path) is { } stamp)
            {
                _known[name] = stamp;
            }
            else
            {
                // Gone already, or a folder: a later Deleted (or nothing) tells the rest.
                return;
            }

            _debouncer.Observe(path, kind);
        }
    }

    private void OnWatcherError(FileSystemWatcher source, Exception exception)
    {
        FileSystemWatcher? stale;
        lock (_gate)
        {
            if (!ReferenceEquals(source, _watcher))
            {
                return;
            }

            Log.WatcherFailed(_runner.Logger, exception, Watch.Key.ToString(), Watch.Folder);
            stale = Attach(reportDifferences: true);
        }

        stale?.Dispose();
    }

    /// <summary>The periodic check: is the watched folder still there and still the same folder? Is a missing one back?</summary>
    private void Check()
    {
        FileSystemWatcher? stale = null;
        try
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                if (!_present)
                {
                    stale = Attach(reportDifferences: true);
                }
                else if (!Directory.Exists(Watch.Folder))
                {
                    stale = _watcher;
                    _watcher = null;
                    BecomeMissing();
                }
                else if (Directory.GetCreationTimeUtc(Watch.Folder) != _folderIdentity)
                {
                    stale = Attach(reportDifferences: true);
                }
                else
                {
                    _checkTimer.Change(_runner.Options.FolderCheckInterval, Timeout.InfiniteTimeSpan);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            lock (_gate)
            {
                if (!_stopped)
                {
                    Log.WatcherFailed(_runner.Logger, exception, Watch.Key.ToString(), Watch.Folder);
                    _checkTimer.Change(_runner.Options.FolderCheckInterval, Timeout.InfiniteTimeSpan);
                }
            }
        }

        stale?.Dispose();
    }

    private Dictionary<string, FileStamp> Scan()
    {
        var files = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(Watch.Folder).EnumerateFiles())
        {
            if (Watch.Matches(info.Name))
            {
                files[info.Name] = new FileStamp(info.Length, info.LastWriteTimeUtc);
            }
        }

        return files;
    }

    private void Reconcile(Dictionary<string, FileStamp> current, bool reportDifferences)
    {
        if (reportDifferences)
        {
            foreach (var (name, stamp) in current)
            {
                if (!_known.TryGetValue(name, out var before))
                {
                    _debouncer.Observe(Path.Combine(Watch.Folder, name), FileWatchEvents.Created);
                }
                else if (before != stamp)
                {
                    _debouncer.Observe(Path.Combine(Watch.Folder, name), FileWatchEvents.Changed);
                }
            }

            foreach (var name in _known.Keys.Where(name => !current.ContainsKey(name)))
            {
                _debouncer.Observe(Path.Combine(Watch.Folder, name), FileWatchEvents.Deleted);
            }
        }

        _known.Clear();
        foreach (var (name, stamp) in current)
        {
            _known[name] = stamp;
        }
    }

    private static FileStamp? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : null;
    }

    private void OnSettled(string path, FileWatchEvents kind)
    {
        if ((Watch.Events & kind) == 0)
        {
            return;
        }

        var name = Path.GetFileName(path);
        var eventName = kind switch
        {
            FileWatchEvents.Created => "created",
            FileWatchEvents.Deleted => "deleted",
            _ => "changed",
        };
        Log.FileEvent(_runner.Logger, Watch.Key.ToString(), path, eventName);
        var parameters = new JsonObject { ["path"] = path, ["name"] = name, ["event"] = eventName };
        _runner.Fire(new TriggeredRun(
            Watch.Key.OrgId, Watch.Key.Workflow, TriggerSource.FileWatch, Watch.Key.TriggerId, parameters, _runner.Time.GetUtcNow()));
    }

    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc);
}
