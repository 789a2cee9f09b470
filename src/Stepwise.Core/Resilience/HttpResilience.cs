using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Resilience;

/// <summary>
/// The circuit breakers and rate limiters of one process, per downstream host (<c>host:port</c>), shared by every
/// run so that one failing service trips once for all of them.
/// </summary>
internal sealed class HttpResilience(CircuitBreakerOptions options, TimeProvider time, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Host, RateLimit Rate), SlidingLogRateLimiter> _limiters = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Stepwise.Resilience");
    private readonly CircuitBreakerOptions _options = options;

    public TimeProvider Time => time;

    public CircuitBreaker BreakerFor(string host) =>
        _breakers.GetOrAdd(
            host,
            static (name, self) => CircuitBreakerRegistry.Track(new CircuitBreaker(name, self._options, self.Time, self._logger)),
            this);

    /// <summary>Every host this process has called, by name.</summary>
    public IReadOnlyList<CircuitBreakerSnapshot> Snapshot() =>
        [.. _breakers.Values.Select(breaker => breaker.Snapshot()).OrderBy(snapshot => snapshot.Host, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Closes the breaker of <paramref name="host"/>; null when this process never called that host.</summary>
    public CircuitState? Reset(string host) => _breakers.TryGetValue(host, out var breaker) ? breaker.Reset() : null;

    public SlidingLogRateLimiter LimiterFor(string host, RateLimit rate) =>
        _limiters.GetOrAdd((host, rate), static (key, self) => new SlidingLogRateLimiter(key.Rate, self.Time), this);
}
