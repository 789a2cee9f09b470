using System.ComponentModel.DataAnnotations;

namespace Stepwise.Core.Resilience;

/// <summary>Settings of the per-host circuit breakers of the http action (defaults from the operations guide).</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Consecutive failures that open a closed circuit.</summary>
    [Range(1, 10_000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open circuit rejects calls before it lets trial calls through (half-open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Consecutive successes in half-open that close the circuit; also the trial calls allowed at once.</summary>
    [Range(1, 10_000)]
    public int HalfOpenRequests { get; set; } = 3;
}
