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
    private readonly ConcurrentDictionary<(string Host, int Threshold, TimeSpan Timeout, int Trials), CircuitBreaker> _tuned = new();
    private readonly ConcurrentDictionary<(string Host, RateLimit Rate), SlidingLogRateLimiter> _limiters = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger("Stepwise.Resilience");
    private readonly CircuitBreakerOptions _options = options;

    public TimeProvider Time => time;

    /// <summary>The server's settings (STEPWISE_CIRCUIT_BREAKER_*), which nodes without their own use.</summary>
    public CircuitBreakerOptions Options => _options;

    public CircuitBreaker BreakerFor(string host) =>
        _breakers.GetOrAdd(
            host,
            static (name, self) => CircuitBreakerRegistry.Track(new CircuitBreaker(name, self._options, self.Time, self._logger)),
            this);

    /// <summary>
    /// The breaker for calls to <paramref name="host"/> with a node's own settings: the shared one when they equal
    /// the server's, else one per host and settings.
    /// </summary>
    public CircuitBreaker BreakerFor(string host, CircuitBreakerSettings? settings)
    {
        if (settings is null)
        {
            return BreakerFor(host);
        }

        var tuned = settings.Over(_options);
        if (tuned.FailureThreshold == _options.FailureThreshold && tuned.Timeout == _options.Timeout
            && tuned.HalfOpenRequests == _options.HalfOpenRequests)
        {
            return BreakerFor(host);
        }

        return _tuned.GetOrAdd(
            (host, tuned.FailureThreshold, tuned.Timeout, tuned.HalfOpenRequests),
            static (key, state) => CircuitBreakerRegistry.Track(new CircuitBreaker(key.Host, state.Tuned, state.Self.Time, state.Self._logger)),
            (Self: this, Tuned: tuned));
    }

    /// <summary>Every host this process has called, by name (a host called with several settings once per setting).</summary>
    public IReadOnlyList<CircuitBreakerSnapshot> Snapshot() =>
        [.. _breakers.Values.Concat(_tuned.Values).Select(breaker => breaker.Snapshot())
            .OrderBy(snapshot => snapshot.Host, StringComparer.OrdinalIgnoreCase)
            .ThenBy(snapshot => snapshot.Options.FailureThreshold)];

    /// <summary>
    /// Closes every breaker of <paramref name="host"/> and returns the most severe state one was in; null when this
    /// process never called that host.
    /// </summary>
    public CircuitState? Reset(string host)
    {
        var all = _breakers.TryGetValue(host, out var shared) ? new List<CircuitBreaker> { shared } : [];
        all.AddRange(_tuned.Where(pair => string.Equals(pair.Key.Host, host, StringComparison.OrdinalIgnoreCase)).Select(pair => pair.Value));
        if (all.Count == 0)
        {
            return null;
        }

        return all.Select(breaker => breaker.Reset()).MaxBy(Telemetry.EngineMetrics.StateValue);
    }

    public SlidingLogRateLimiter LimiterFor(string host, RateLimit rate) =>
        _limiters.GetOrAdd((host, rate), static (key, self) => new SlidingLogRateLimiter(key.Rate, self.Time), this);
}
