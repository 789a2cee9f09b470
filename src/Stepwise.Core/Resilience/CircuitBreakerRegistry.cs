namespace Stepwise.Core.Resilience;

/// <summary>
/// Every live circuit breaker of the process, for the <c>circuit_breaker_state</c> gauge. Held weakly, so a breaker
/// of a discarded action registry goes away with it. When several registries have a breaker for the same host, the
/// most severe state is reported.
/// </summary>
internal static class CircuitBreakerRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<WeakReference<CircuitBreaker>> Breakers = [];

    public static CircuitBreaker Track(CircuitBreaker breaker)
    {
        lock (Gate)
        {
            Breakers.Add(new WeakReference<CircuitBreaker>(breaker));
        }

        return breaker;
    }

    /// <summary>One breaker per host (the most severe), live ones only.</summary>
    public static IReadOnlyList<CircuitBreaker> Snapshot()
    {
        var byHost = new Dictionary<string, CircuitBreaker>(StringComparer.OrdinalIgnoreCase);
        lock (Gate)
        {
            Breakers.RemoveAll(reference => !reference.TryGetTarget(out _));
            foreach (var reference in Breakers)
            {
                if (reference.TryGetTarget(out var breaker)
                    && (!byHost.TryGetValue(breaker.Name, out var seen) || Severity(breaker) > Severity(seen)))
                {
                    byHost[breaker.Name] = breaker;
                }
            }
        }

        return [.. byHost.Values];
    }

    private static int Severity(CircuitBreaker breaker) => Telemetry.EngineMetrics.StateValue(breaker.State);
}
