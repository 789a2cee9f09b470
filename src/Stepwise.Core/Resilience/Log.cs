using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Resilience;

internal static partial class Log
{
    [LoggerMessage(
        EventId = 3001,
        EventName = "circuit breaker state changed",
        Level = LogLevel.Warning,
        Message = "circuit breaker state changed from={From} to={To} name={Name}")]
    public static partial void CircuitStateChanged(ILogger logger, string from, string to, string name);
}
