using System.Threading.RateLimiting;

namespace Stepwise.Core.Resilience;

/// <summary>
/// A <see cref="RateLimiter"/> that allows at most N permits in any window of the period, on an injected
/// <see cref="TimeProvider"/>. The limiters shipped in System.Threading.RateLimiting read the system clock (even when
/// replenished by hand), so durable timers and tests on fake time could not drive them. Waiters are served in
/// order: one waiter at a time holds the gate and sleeps until the oldest permit in the window expires.
/// </summary>
internal sealed class SlidingLogRateLimiter : RateLimiter
{
    private readonly RateLimit _rate;
    private readonly TimeProvider _time;
    private readonly Queue<DateTimeOffset> _granted;
    private readonly SemaphoreSlim _waitGate = new(1, 1);
    private readonly Lock _gate = new();
    private DateTimeOffset? _idleSince;

    public SlidingLogRateLimiter(RateLimit rate, TimeProvider time)
    {
        _rate = rate;
        _time = time;
        _granted = new Queue<DateTimeOffset>(Math.Min(rate.Permits, 1024));
        _idleSince = time.GetUtcNow();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _idleSince is { } since ? _time.GetUtcNow() - since : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Expire(_time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _rate.Permits - _granted.Count,
                CurrentQueuedCount = _waitGate.CurrentCount == 0 ? 1 : 0,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount > _rate.Permits)
        {
            return Lease.Rejected;
        }

        lock (_gate)
        {
            return TryTake(permitCount, out _) ? Lease.Granted : Lease.Rejected;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount > _rate.Permits)
        {
            return Lease.Rejected;
        }

        await _waitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    if (TryTake(permitCount, out wait))
                    {
                        return Lease.Granted;
                    }
                }

                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _waitGate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _waitGate.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool TryTake(int permitCount, out TimeSpan wait)
    {
        var now = _time.GetUtcNow();
        Expire(now);
        if (_granted.Count + permitCount <= _rate.Permits)
        {
            for (var i = 0; i < permitCount; i++)
            {
                _granted.Enqueue(now);
            }

            _idleSince = null;
            wait = TimeSpan.Zero;
            return true;
        }

        // The permit we need frees up when the (count + permitCount - Permits)-th oldest grant leaves the window.
        var mustExpire = _granted.Count + permitCount - _rate.Permits;
        var freedAt = _granted.ElementAt(mustExpire - 1) + _rate.Period;
        wait = freedAt - now;
        return false;
    }

    private void Expire(DateTimeOffset now)
    {
        while (_granted.TryPeek(out var oldest) && now - oldest >= _rate.Period)
        {
            _granted.Dequeue();
        }

        if (_granted.Count == 0)
        {
            _idleSince ??= now;
        }
    }

    private sealed class Lease(bool isAcquired) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Rejected = new(false);

        public override bool IsAcquired => isAcquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
