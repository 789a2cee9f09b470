namespace Stepwise.Core.Resilience;

public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
