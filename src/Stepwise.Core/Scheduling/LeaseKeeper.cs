using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Renews the leases of the runs this engine holds, every third of the lease duration, while at least one run is
/// active; a process that dies stops renewing and its runs become claimable by others.
/// </summary>
internal sealed class LeaseKeeper(IExecutionStore store, TimeProvider time, EngineOptions options, ILogger logger) : IDisposable
{
    private readonly Lock _gate = new();
    private int _held;
    private ITimer? _timer;

    public Holder Hold()
    {
        lock (_gate)
        {
            if (_held++ == 0)
            {
                var period = options.LeaseDuration / 3;
                _timer = time.CreateTimer(static state => ((LeaseKeeper)state!).Renew(), this, period, period);
            }
        }

        return new Holder(this);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            if (--_held == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private void Renew() => _ = RenewAsync();

    private async Task RenewAsync()
    {
        try
        {
            await store.RenewLeasesAsync(options.OwnerId, time.GetUtcNow() + options.LeaseDuration).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.LeaseRenewFailed(logger, exception, options.OwnerId);
        }
    }

    public readonly struct Holder(LeaseKeeper keeper) : IDisposable
    {
        public void Dispose() => keeper.Release();
    }
}
