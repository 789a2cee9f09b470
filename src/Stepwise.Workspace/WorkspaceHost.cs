using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Workspace;

/// <summary>
/// The workspace of one process: builds the folder at start and after every change (debounced), serves the last good
/// version, and keeps older versions loaded while runs pinned to them need them. A broken build never replaces the
/// serving version; its errors are in <see cref="Status"/> and the log. Thread-safe.
/// </summary>
public sealed class WorkspaceHost : IDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(200);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly ConcurrentDictionary<string, WorkspaceVersion> _versions = new(StringComparer.Ordinal);
    private readonly Func<IReadOnlySet<string>> _externalProviders;
    private readonly Func<IWorkspaceSourceStore?> _store;
    // Restores in progress by hash, under their own lock so concurrent callers share one compile.
    private readonly Dictionary<string, Task<(WorkspaceVersion?, string?)>> _restoring = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private volatile WorkspaceVersion? _current;
    private volatile WorkspaceStatus _status;

    public WorkspaceHost(
        string folder,
        ILogger logger,
        TimeProvider? time = null,
        TimeSpan? debounce = null,
        Func<IReadOnlySet<string>>? externalProviders = null,
        Func<IWorkspaceSourceStore?>? store = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _debounce = debounce ?? DefaultDebounce;
        _externalProviders = externalProviders ?? (() => new HashSet<string>());
        _store = store ?? (() => null);
        _status = new WorkspaceStatus(Folder, null, null, null, null, [], null);
    }

    public string Folder { get; }

    /// <summary>The version serving new runs; null before the first good build (or for an empty folder).</summary>
    public WorkspaceVersion? Current => _current;

    public WorkspaceStatus Status => _status;

    /// <summary>Raised after a new good version serves (not for a rebuild with the same hash).</summary>
    public event Func<WorkspaceVersion, Task>? VersionChanged;

    /// <summary>A loaded version by hash (the serving one, or an older one runs still use); null when not loaded.</summary>
    public WorkspaceVersion? Get(string hash) =>
        _versions.TryGetValue(hash, out var version) && !version.IsUnloaded ? version : null;

    /// <summary>The store that keeps the sources of published versions; null when this host has none (the CLI's run).</summary>
    public IWorkspaceSourceStore? Store => _store();

    /// <summary>
    /// A version by hash: loaded already, or compiled from the sources a node stored when it published the version
    /// (this node may have no workspace folder, or a newer one). The error says why there is none. A restored version
    /// is not the serving one: it stays loaded while runs use it. Concurrent calls for one hash compile it once.
    /// </summary>
    public async Task<(WorkspaceVersion? Version, string? Error)> GetOrRestoreAsync(string hash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        if (Get(hash) is { } loaded)
        {
            return (loaded, null);
        }

        if (_store() is not { } store)
        {
            return (null, $"workspace version {Short(hash)} is not loaded on this node and there is no store to restore it from");
        }

        Task<(WorkspaceVersion?, string?)> restoring;
        lock (_restoring)
        {
            if (!_restoring.TryGetValue(hash, out restoring!))
            {
                restoring = Task.Run(() => RestoreAsync(store, hash), CancellationToken.None);
                _restoring[hash] = restoring;
            }
        }

        try
        {
            return await restoring.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (restoring.IsCompleted)
            {
                lock (_restoring)
                {
                    if (_restoring.TryGetValue(hash, out var current) && current == restoring)
                    {
                        _restoring.Remove(hash);
                    }
                }
            }
        }
    }

    internal static string Short(string hash) => hash[..Math.Min(12, hash.Length)];

    private async Task<(WorkspaceVersion?, string?)> RestoreAsync(IWorkspaceSourceStore store, string hash)
    {
        var stored = await store.GetAsync(hash).ConfigureAwait(false);
        if (stored is null)
        {
            Log.RestoreFailed(_logger, hash, "no node stored it");
            return (null, $"workspace version {Short(hash)} is not loaded on this node and was never stored");
        }

        var sources = WorkspaceSources.FromFiles(stored.Select(f => new WorkspaceFile(f.Path, f.Text)));
        if (sources.Hash != hash)
        {
            Log.RestoreFailed(_logger, hash, $"the stored files hash to {sources.Hash}");
            return (null, $"workspace version {Short(hash)} is stored damaged (its files hash to {Short(sources.Hash)})");
        }

        var build = await Task.Run(() => WorkspaceCompiler.Compile(sources, _externalProviders())).ConfigureAwait(false);
        if (!build.Succeeded)
        {
            var errors = string.Join('\n', build.Errors.Take(20));
            Log.RestoreFailed(_logger, hash, errors);
            return (null, $"workspace version {Short(hash)} no longer compiles on this node: {build.Errors[0]}");
        }

        var version = WorkspaceVersion.Load(build);
        version.RetireWhenUnused();
        var kept = _versions.AddOrUpdate(hash, version, (_, existing) => existing.IsUnloaded ? version : existing);
        Log.Restored(_logger, hash, (long)build.Elapsed.TotalMilliseconds, version.Workflows.Count);
        return (kept, null);
    }

    /// <summary>Builds the folder now. Returns the status after the build.</summary>
    public async Task<WorkspaceStatus> BuildAsync(CancellationToken cancellationToken = default)
    {
        await _building.WaitAsync(cancellationToken).ConfigureAwait(false);
        WorkspaceVersion? changed = null;
        try
        {
            WorkspaceSources sources;
            try
            {
                sources = WorkspaceSources.Read(Folder);
            }
            catch (Exception exception) when (exception is WorkspaceException or IOException or UnauthorizedAccessException)
            {
                Log.Unreadable(_logger, Folder, exception.Message);
                _status = _status with
                {
                    LastBuildAt = _time.GetUtcNow(),
                    Errors = [new WorkspaceDiagnostic(Folder, 0, 0, "SW1000", exception.Message)],
                };
                return _status;
            }

            // An empty folder with nothing serving yet has nothing to compile: Roslyn (~64 MB once loaded and
            // JIT-compiled) stays unloaded until the workspace has code. An emptied folder still builds, so its
            // empty version replaces the one serving.
            if (_current?.Hash == sources.Hash || (_current is null && sources.Files.Count == 0))
            {
                _status = _status with { LastBuildHash = sources.Hash, LastBuildAt = _time.GetUtcNow(), Errors = [] };
                return _status;
            }

            var build = WorkspaceCompiler.Compile(sources, _externalProviders());
            var now = _time.GetUtcNow();
            if (!build.Succeeded)
            {
                Log.BuildFailed(_logger, Folder, build.Errors.Count, _current?.Hash ?? "(none)", string.Join('\n', build.Errors.Take(50)));
                _status = _status with { LastBuildHash = sources.Hash, LastBuildAt = now, Errors = build.Errors, CompileMs = build.Elapsed.TotalMilliseconds };
                return _status;
            }

            var version = WorkspaceVersion.Load(build);
            var previous = _current;
            _versions[version.Hash] = version;
            _current = version;
            previous?.Retire();
            foreach (var (hash, old) in _versions)
            {
                if (old.IsUnloaded)
                {
                    _versions.TryRemove(hash, out _);
                }
            }

            _status = new WorkspaceStatus(Folder, version.Hash, now, version.Hash, now, [], build.Elapsed.TotalMilliseconds);
            Log.Built(_logger, Folder, version.Hash, (long)build.Elapsed.TotalMilliseconds,
                version.Workflows.Count, version.DataProviders.Count, version.Actions.Count);
            changed = version;
        }
        finally
        {
            _building.Release();
        }

        if (changed is not null && VersionChanged is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<WorkspaceVersion, Task>>())
            {
                await handler(changed).ConfigureAwait(false);
            }
        }

        return _status;
    }

    /// <summary>
    /// Compiles a representative workflow (attributes, async lambdas, records, LINQ) and throws the result away. The
    /// first compile of a process pays for loading and JIT-compiling Roslyn (seconds on a busy machine); paying it at
    /// start keeps the first save of an empty workspace served within a second (STEPWISE_WORKSPACE_WARM_UP).
    /// </summary>
    public Task WarmUpAsync() => Task.Run(() =>
    {
        var sources = WorkspaceSources.FromFiles([new WorkspaceFile("WarmUp.cs", WarmUpSource)]);
        _ = WorkspaceCompiler.Compile(sources, new HashSet<string>());
    });

    private const string WarmUpSource = """
        using Stepwise.Sdk;

        public static class WarmUp
        {
            [Workflow("warm_up", Description = "d", TimeoutSeconds = 5)]
            public static async Task<Result> RunAsync(IWorkflowContext context, [Param(Label = "L", Pattern = "^a$")] string a = "a")
            {
                var items = new List<int> { 1, 2 }.Where(i => i > 0).Select(i => $"{a}{i}").ToArray();
                var n = await context.StepAsync("s", async ct => { await Task.Yield(); return items.Length; });
                await context.DelayAsync(TimeSpan.FromSeconds(1));
                context.Log("info", "m", new { a });
                return new Result(n, string.Join(",", items));
            }

            [DataProvider("p")]
            public static Task<IReadOnlyList<Option>> P(IWorkflowContext context) =>
                Task.FromResult<IReadOnlyList<Option>>([new("A", "a")]);
        }

        public sealed record Result(int Count, string Text);
        """;

    /// <summary>Rebuilds after every change of a .cs file in the folder, once it has been quiet for the debounce time.</summary>
    public void StartWatching()
    {
        Directory.CreateDirectory(Folder);
        _timer = _time.CreateTimer(_ => _ = RebuildAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Folder, "*.cs")
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.DirectoryName,
        };
        _watcher.Changed += (_, _) => Touch();
        _watcher.Created += (_, _) => Touch();
        _watcher.Deleted += (_, _) => Touch();
        _watcher.Renamed += (_, _) => Touch();
        _watcher.EnableRaisingEvents = true;
        Log.Watching(_logger, Folder);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
        _building.Dispose();
    }

    private void Touch() => _timer?.Change(_debounce, Timeout.InfiniteTimeSpan);

    private async Task RebuildAsync()
    {
        try
        {
            await BuildAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Stopped while the timer fired.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.PublishFailed(_logger, exception, _current?.Hash ?? "(none)");
        }
    }
}
