using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Resilience;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// The server-wide settings of the http action's circuit breakers; an http node's <c>circuit_breaker</c> input
/// replaces them for its own calls. Each bad value names its setting.
/// </summary>
internal static class CircuitBreakerSettingsReader
{
    public const string FailuresKey = "STEPWISE_CIRCUIT_BREAKER_FAILURES";
    public const string OpenTimeoutKey = "STEPWISE_CIRCUIT_BREAKER_OPEN_TIMEOUT";
    public const string HalfOpenTrialsKey = "STEPWISE_CIRCUIT_BREAKER_HALF_OPEN_TRIALS";

    public static HttpActionOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new CircuitBreakerOptions();
        return new HttpActionOptions
        {
            CircuitBreaker = new CircuitBreakerOptions
            {
                FailureThreshold = SettingValues.Int(configuration, FailuresKey, defaults.FailureThreshold, 1, 10_000),
                Timeout = SettingValues.Duration(
                    configuration, OpenTimeoutKey, defaults.Timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1)),
                HalfOpenRequests = SettingValues.Int(configuration, HalfOpenTrialsKey, defaults.HalfOpenRequests, 1, 10_000),
            },
        };
    }
}
