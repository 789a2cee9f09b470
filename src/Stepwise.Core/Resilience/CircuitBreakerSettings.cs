using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Resilience;

/// <summary>
/// An http node's <c>circuit_breaker: {failure_threshold, open_timeout, half_open_trials}</c>: each given value
/// replaces the server's for this node's calls. A node with its own settings gets its own breaker for the host, so
/// one node's tolerance never changes when another node's calls are refused.
/// </summary>
internal sealed record CircuitBreakerSettings(int? FailureThreshold, TimeSpan? OpenTimeout, int? HalfOpenTrials)
{
    public const string Shape = "{ failure_threshold: 1-10000, open_timeout: 1ms-1d, half_open_trials: 1-10000 }";

    private static readonly string[] Fields = ["failure_threshold", "open_timeout", "half_open_trials"];

    /// <summary>The server's options with this node's values over them.</summary>
    public CircuitBreakerOptions Over(CircuitBreakerOptions server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new CircuitBreakerOptions
        {
            FailureThreshold = FailureThreshold ?? server.FailureThreshold,
            Timeout = OpenTimeout ?? server.Timeout,
            HalfOpenRequests = HalfOpenTrials ?? server.HalfOpenRequests,
        };
    }

    public static bool TryRead(JsonObject? input, out CircuitBreakerSettings? settings, [NotNullWhen(false)] out string? error)
    {
        settings = null;
        error = null;
        if (input is null)
        {
            return true;
        }

        if (input.Select(p => p.Key).FirstOrDefault(k => !Fields.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            error = $"input 'circuit_breaker' has no field '{unknown}': it takes {Shape}";
            return false;
        }

        if (!InputReader.TryGetInt(input, "failure_threshold", 0, out var threshold, out error)
            || !InputReader.TryGetDuration(input, "open_timeout", required: false, out var timeout, out error)
            || !InputReader.TryGetInt(input, "half_open_trials", 0, out var trials, out error))
        {
            error = $"input 'circuit_breaker': {error}";
            return false;
        }

        if (input.ContainsKey("failure_threshold") && threshold is < 1 or > 10_000)
        {
            error = $"input 'circuit_breaker': failure_threshold must be from 1 to 10000, got {threshold}";
            return false;
        }

        if (input.ContainsKey("half_open_trials") && trials is < 1 or > 10_000)
        {
            error = $"input 'circuit_breaker': half_open_trials must be from 1 to 10000, got {trials}";
            return false;
        }

        if (timeout is { } open && (open < TimeSpan.FromMilliseconds(1) || open > TimeSpan.FromDays(1)))
        {
            error = $"input 'circuit_breaker': open_timeout must be from 1ms to 1d, got {Duration.Format(open)}";
            return false;
        }

        settings = new CircuitBreakerSettings(
            input.ContainsKey("failure_threshold") ? (int)threshold : null,
            timeout,
            input.ContainsKey("half_open_trials") ? (int)trials : null);
        return true;
    }
}
