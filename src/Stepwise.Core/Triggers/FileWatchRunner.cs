using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Runs file-watch triggers, host-agnostic: each registered <see cref="FileWatch"/> watches its folder, folds each
/// file's burst of changes into one event after <see cref="FileWatchOptions.Debounce"/> of quiet, and asks the
/// <see cref="ITriggerRunStarter"/> for one run per event with params <c>path</c>, <c>name</c> and <c>event</c>
/// (<c>created</c>, <c>changed</c> or <c>deleted</c>). A folder that is missing, removed or replaced is waited for
/// and watched again when it returns; files that appeared or went meanwhile are reported then. Watches can be added,
/// replaced and removed while it runs. Thread-safe.
/// </summary>
public sealed class FileWatchRunner : IAsyncDisposable
{
    private readonly Dictionary<FileWatchKey, FolderWatch> _watches = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly RunDispatcher _dispatcher;
    private int _disposed;

    public FileWatchRunner(
        ITriggerRunStarter starter,
        TimeProvider? time = null,
        FileWatchOptions? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(starter);
        Time = time ?? TimeProvider.System;
        Options = options ?? new FileWatchOptions();
        Options.Validate();
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Triggers.FileWatch");
        _dispatcher = new RunDispatcher(starter, Logger, _shutdown.Token);
    }

    internal TimeProvider Time { get; }

    internal FileWatchOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>Starts watching, replacing (and stopping) any watch with the same key.</summary>
    public void AddOrReplace(FileWatch watch)
    {
        ArgumentNullException.ThrowIfNull(watch);
        Change(watches =>
        {
            var previous = watches.Remove(watch.Key, out var old) ? old : null;
            watches[watch.Key] = new FolderWatch(this, watch);
            return previous is null ? [] : [previous];
        });
    }

    /// <summary>Stops and forgets a watch; returns false when it was not registered.</summary>
    public bool Remove(FileWatchKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var removed = false;
        Change(watches =>
        {
            removed = watches.Remove(key, out var old);
            return removed ? [old!] : [];
        });
        return removed;
    }

    /// <summary>
    /// Makes <paramref name="watches"/> the complete set of one workflow's file watches (a deploy): unchanged ones
    /// keep watching, new ones start, the others stop. An empty list removes them all (a delete).
    /// </summary>
    public void SetWorkflowWatches(string orgId, string workflow, IReadOnlyList<FileWatch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        foreach (var watch in watches)
        {
            if (watch.Key.OrgId != orgId || watch.Key.Workflow != workflow)
            {
                throw new ArgumentException(
                    $"File watch {watch.Key} does not belong to workflow '{workflow}' of org '{orgId}'.", nameof(watches));
            }
        }

        Change(current =>
        {
            var wanted = watches.ToDictionary(watch => watch.Key);
            var stopped = new List<FolderWatch>();
            foreach (var (key, running) in current.Where(pair => pair.Key.OrgId == orgId && pair.Key.Workflow == workflow).ToList())
            {
                if (!wanted.TryGetValue(key, out var replacement) || running.Watch != replacement)
                {
                    current.Remove(key);
                    stopped.Add(running);
                }
            }

            foreach (var watch in watches.Where(watch => !current.ContainsKey(watch.Key)))
            {
                current[watch.Key] = new FolderWatch(this, watch);
            }

            return stopped;
        });
    }

    /// <summary>The registered watches, optionally of one org or one workflow.</summary>
    public IReadOnlyList<FileWatchStatus> List(string? orgId = null, string? workflow = null)
    {
        lock (_watches)
        {
            return [.. _watches.Values
                .Select(watch => watch.Status)
                .Where(status => (orgId is null || status.Key.OrgId == orgId) && (workflow is null || status.Key.Workflow == workflow))
                .OrderBy(status => status.Key.OrgId, StringComparer.Ordinal)
                .ThenBy(status => status.Key.Workflow, StringComparer.Ordinal)
                .ThenBy(status => status.Key.TriggerId, StringComparer.Ordinal)];
        }
    }

    /// <summary>Stops every watch and waits for starts already under way (their token is cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        List<FolderWatch> watches;
        lock (_watches)
        {
            watches = [.. _watches.Values];
            _watches.Clear();
        }

        foreach (var watch in watches)
        {
            watch.Dispose();
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _dispatcher.DrainAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    internal void Fire(TriggeredRun run)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _dispatcher.Fire(run);
        }
    }

    private void Change(Func<Dictionary<FileWatchKey, FolderWatch>, IReadOnlyList<FolderWatch>> change)
    {
        IReadOnlyList<FolderWatch> stopped;
        lock (_watches)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            stopped = change(_watches);
        }

        foreach (var watch in stopped)
        {
            watch.Dispose();
        }
    }
}
