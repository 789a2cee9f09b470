namespace Stepwise.Core.Resilience;

/// <summary>
/// One breaker as an operator sees it: its state, the consecutive failures counted while closed, when it last
/// opened (while open or half-open) and when it lets trial calls through (while open).
/// </summary>
public sealed record CircuitBreakerSnapshot(
    string Host,
    CircuitState State,
    int ConsecutiveFailures,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? NextTrialAt,
    CircuitBreakerOptions Options);
