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

    public SlidingLogRateLimiter LimiterFor(string host, RateLimit rate) =>
        _limiters.GetOrAdd((host, rate), static (key, self) => new SlidingLogRateLimiter(key.Rate, self.Time), this);
}
