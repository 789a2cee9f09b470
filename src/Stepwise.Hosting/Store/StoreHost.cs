using Stepwise.Storage;

namespace Stepwise.Hosting.Store;

/// <summary>
/// Opens the store when the host starts (before the server listens) and closes it last when the host stops, after
/// the worker has released its runs and every queued write has been committed.
/// </summary>
internal sealed class StoreHost(ServerOptions options, TimeProvider time, ILoggerFactory loggerFactory, TextWriter console)
    : IHostedService, IAsyncDisposable
{
    private StepwiseStorage? _storage;

    public StepwiseStorage Storage =>
        _storage ?? throw new InvalidOperationException("The store is not open: the server has not started.");

    public bool IsOpen => _storage is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await SchemaGuard.RequireNotAheadAsync(options, time, cancellationToken);
        _storage = await StoreOpener.OpenAsync(options.Database, options.DbMaxConnections, time, loggerFactory, cancellationToken);
        Log.StorageOpened(loggerFactory.CreateLogger<StoreHost>(), _storage.Location, _storage.SchemaVersion);
        var bootstrap = new TenancyBootstrap(this, options, time, loggerFactory.CreateLogger<TenancyBootstrap>(), console);
        await bootstrap.RunAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _storage, null) is { } open)
        {
            await open.DisposeAsync();
        }
    }
}
