namespace Stepwise.Server.Resilience;

/// <summary><c>GET /api/v1/circuit-breakers</c>: the breakers of the node that answered (see docs/api.md for why per node).</summary>
internal sealed record CircuitBreakerList(string Node, IReadOnlyList<CircuitBreakerDto> Items);

internal sealed record CircuitBreakerDto(
    string Host,
    string State,
    int ConsecutiveFailures,
    int FailureThreshold,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? NextTrialAt,
    string OpenTimeout,
    int HalfOpenRequests);

/// <summary>The answer of a reset: the node whose breaker closed and the state it was in.</summary>
internal sealed record CircuitBreakerReset(string Node, string Host, string PreviousState, string State);
