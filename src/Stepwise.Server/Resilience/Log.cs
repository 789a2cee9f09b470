using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Resilience;

/// <summary>The log events of circuit breakers in the server (7400-7499, with webhooks).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Webhooks.CircuitBreakerReset, EventName = "circuit_breaker.reset", Level = LogLevel.Warning,
        Message = "circuit_breaker.reset host={host} node={node} from={from} by={actor}")]
    public static partial void BreakerReset(ILogger logger, string host, string node, string from, string actor);
}
