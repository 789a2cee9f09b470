using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Stepwise.Core.Resilience;
using Stepwise.Server.Auth;

namespace Stepwise.Server.RateLimiting;

/// <summary>
/// The global limiter of the ASP.NET Core rate limiting middleware. It runs after authentication, so a request with
/// a caller spends that caller's budget and one without (webhooks, login, docs) spends its client address's; health
/// and metrics are never limited. The framework's limiters read the system clock, so the windows here run on the
/// injected <see cref="TimeProvider"/>, and the limiter stamps the X-RateLimit-* headers as it decides.
/// </summary>
internal sealed class ApiRateLimiter(RateLimitOptions options, TimeProvider time) : PartitionedRateLimiter<HttpContext>
{
    // Ended windows are dropped every so many requests, which bounds memory under a flood of client addresses.
    private const int SweepInterval = 4096;

    private readonly ConcurrentDictionary<string, FixedWindowBudget> _budgets = new(StringComparer.Ordinal);
    private int _sinceSweep;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (PartitionOf(resource) is not { } partition)
        {
            return null;
        }

        var decision = _budgets.TryGetValue(partition.Key, out var budget)
            ? budget.Peek(time.GetUtcNow())
            : new RateLimitDecision(true, partition.Rate.Permits, partition.Rate.Permits, partition.Rate.Period);
        return new RateLimiterStatistics { CurrentAvailablePermits = decision.Remaining };
    }

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (PartitionOf(resource) is not { } partition)
        {
            return ApiRateLimitLease.Unlimited;
        }

        var now = time.GetUtcNow();
        var budget = _budgets.GetOrAdd(partition.Key, static (_, rate) => new FixedWindowBudget(rate), partition.Rate);
        var decision = permitCount == 0 ? budget.Peek(now) : budget.TryTake(now);
        RateLimitHeaders.Write(resource.Response, decision);
        SweepNow(now);
        return new ApiRateLimitLease(decision, partition.Scope, partition.Rate.Period);
    }

    // No queue: a request over its budget is refused at once, never held.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(
        HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    private Partition? PartitionOf(HttpContext context)
    {
        if (IsExempt(context.Request.Path))
        {
            return null;
        }

        if (context.Features.Get<Caller>() is { } caller)
        {
            return options.PerKey is { } perKey ? new Partition($"{caller.ActorType}:{caller.Id}", perKey, RateLimitScope.Key) : null;
        }

        return options.PerIp is { } perIp
            ? new Partition("ip:" + ClientAddress(context), perIp, RateLimitScope.ClientAddress)
            : null;
    }

    /// <summary>Health probes and metrics scrapes are never limited (the OpenAPI document lists no 429 for them).</summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        IPAddress address => address.ToString(),
    };

    private void SweepNow(DateTimeOffset now)
    {
        if (Interlocked.Increment(ref _sinceSweep) % SweepInterval != 0)
        {
            return;
        }

        foreach (var (key, budget) in _budgets)
        {
            if (budget.IsExpired(now))
            {
                _budgets.TryRemove(new KeyValuePair<string, FixedWindowBudget>(key, budget));
            }
        }
    }

    private readonly record struct Partition(string Key, RateLimit Rate, RateLimitScope Scope);
}
