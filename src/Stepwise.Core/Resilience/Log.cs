using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Core.Resilience;

internal static partial class Log
{
    [LoggerMessage(
        EventId = LogEventIds.Resilience.CircuitBreakerStateChanged,
        EventName = "circuit breaker state changed",
        Level = LogLevel.Warning,
        Message = "circuit breaker state changed from={From} to={To} name={Name}")]
    public static partial void CircuitStateChanged(ILogger logger, string from, string to, string name);
}
