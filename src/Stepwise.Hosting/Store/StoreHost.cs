using Stepwise.Storage;

namespace Stepwise.Hosting.Store;

/// <summary>
/// The open store of a host. It exists only open: the container builds it by opening and migrating the store once
/// (<see cref="Open"/>), before anything that depends on it is built, so no consumer ever meets a store that is not
/// open yet. <c>stepwise serve</c> resolves it before the host starts, so an unreachable database or a schema ahead of
/// this build stops the start before any hosted service runs. Starting runs the tenancy bootstrap (before the server
/// listens); stopping closes the store last, after the worker has released its runs and every queued write has been
/// committed.
/// </summary>
internal sealed class StoreHost : IHostedService, IAsyncDisposable
{
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TextWriter _console;
    private int _closed;

    private StoreHost(
        StepwiseStorage storage, ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, TextWriter console)
    {
        Storage = storage;
        _options = options;
        _time = time;
        _loggerFactory = loggerFactory;
        _console = console;
    }

    public StepwiseStorage Storage { get; }

    /// <summary>False once the host has stopped and closed the store.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>
    /// Opens and migrates the store for a container's factory, which cannot await. The open runs on the thread pool,
    /// away from any SynchronizationContext of the caller, exactly once (the registration is a singleton).
    /// </summary>
    public static StoreHost Open(ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, TextWriter console)
    {
        // A DI factory is synchronous; this blocks the one thread building the host's first consumer of the store,
        // once, on a task that never needs that thread back (Task.Run: no captured context).
#pragma warning disable VSTHRD002
        return Task.Run(() => OpenAsync(options, time, loggerFactory, console, CancellationToken.None)).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
    }

    /// <summary>Checks the schema is not ahead of this build, then opens and migrates the store.</summary>
    public static async Task<StoreHost> OpenAsync(
        ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, TextWriter console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        await SchemaGuard.RequireNotAheadAsync(options, time, cancellationToken);
        var storage = await StoreOpener.OpenAsync(options.Database, options.DbMaxConnections, time, loggerFactory, cancellationToken);
        Log.StorageOpened(loggerFactory.CreateLogger<StoreHost>(), storage.Location, storage.SchemaVersion);
        return new StoreHost(storage, options, time, loggerFactory, console);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = new TenancyBootstrap(this, _options, _time, _loggerFactory.CreateLogger<TenancyBootstrap>(), _console);
        await bootstrap.RunAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await Storage.DisposeAsync();
        }
    }
}
