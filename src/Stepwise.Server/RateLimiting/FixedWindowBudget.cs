using Stepwise.Core.Resilience;

namespace Stepwise.Server.RateLimiting;

/// <summary>
/// The budget of one partition: at most <see cref="RateLimit.Permits"/> requests in a window of
/// <see cref="RateLimit.Period"/> that opens with the first request and ends a period later. A fixed window keeps one
/// counter per partition and gives clients an exact reset time.
/// </summary>
internal sealed class FixedWindowBudget(RateLimit rate)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _windowEnd = DateTimeOffset.MinValue;
    private int _used;

    public RateLimit Rate => rate;

    public RateLimitDecision TryTake(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (now >= _windowEnd)
            {
                _windowEnd = now + rate.Period;
                _used = 0;
            }

            var allowed = _used < rate.Permits;
            if (allowed)
            {
                _used++;
            }

            return new RateLimitDecision(allowed, rate.Permits, rate.Permits - _used, _windowEnd - now);
        }
    }

    public RateLimitDecision Peek(DateTimeOffset now)
    {
        lock (_gate)
        {
            return now >= _windowEnd
                ? new RateLimitDecision(true, rate.Permits, rate.Permits, rate.Period)
                : new RateLimitDecision(_used < rate.Permits, rate.Permits, rate.Permits - _used, _windowEnd - now);
        }
    }

    /// <summary>A budget whose window has ended holds nothing worth keeping: the next request opens a fresh one.</summary>
    public bool IsExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            return now >= _windowEnd;
        }
    }
}
