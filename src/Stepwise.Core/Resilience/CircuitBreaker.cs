using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Resilience;

/// <summary>
/// A breaker for one downstream host. Closed: calls pass, and <see cref="CircuitBreakerOptions.FailureThreshold"/>
/// consecutive failures open it. Open: calls fail fast until <see cref="CircuitBreakerOptions.Timeout"/> has passed,
/// then it is half-open. Half-open: up to <see cref="CircuitBreakerOptions.HalfOpenRequests"/> trial calls at once;
/// that many successes close it, any failure opens it again. Polly's breaker samples failure ratios and closes on a
/// single probe, which is not these semantics, hence this small state machine.
/// </summary>
internal sealed class CircuitBreaker
{
    public const string OpenMessage = "circuit breaker is open";

    private readonly CircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private int _halfOpenSuccesses;
    private int _halfOpenInFlight;
    private DateTimeOffset _openedAt;

    public CircuitBreaker(string name, CircuitBreakerOptions options, TimeProvider time, ILogger logger)
    {
        Name = name;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return CurrentState();
            }
        }
    }

    /// <summary>True when a call may go out now; the caller must then report its outcome exactly once.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            switch (CurrentState())
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.HalfOpen when _halfOpenInFlight < _options.HalfOpenRequests - _halfOpenSuccesses:
                    _halfOpenInFlight++;
                    return true;
                default:
                    return false;
            }
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            switch (CurrentState())
            {
                case CircuitState.Closed:
                    _consecutiveFailures = 0;
                    break;
                case CircuitState.HalfOpen:
                    _halfOpenInFlight = Math.Max(0, _halfOpenInFlight - 1);
                    if (++_halfOpenSuccesses >= _options.HalfOpenRequests)
                    {
                        MoveTo(CircuitState.Closed);
                    }

                    break;
            }
        }
    }

    public void RecordFailure()
    {
        lock (_gate)
        {
            switch (CurrentState())
            {
                case CircuitState.Closed:
                    if (++_consecutiveFailures >= _options.FailureThreshold)
                    {
                        MoveTo(CircuitState.Open);
                    }

                    break;
                case CircuitState.HalfOpen:
                    MoveTo(CircuitState.Open);
                    break;
            }
        }
    }

    /// <summary>
    /// Closes the circuit by hand, as an operator would after fixing the downstream service; returns the state it
    /// was in. The failure count starts again from zero even when it was closed already.
    /// </summary>
    public CircuitState Reset()
    {
        lock (_gate)
        {
            var before = CurrentState();
            if (before != CircuitState.Closed)
            {
                MoveTo(CircuitState.Closed);
            }

            _consecutiveFailures = 0;
            return before;
        }
    }

    /// <summary>The state with its counters, read at once under the lock.</summary>
    public CircuitBreakerSnapshot Snapshot()
    {
        lock (_gate)
        {
            var state = CurrentState();
            return new CircuitBreakerSnapshot(
                Name,
                state,
                state == CircuitState.Closed ? _consecutiveFailures : 0,
                state == CircuitState.Closed ? null : _openedAt,
                state == CircuitState.Open ? _openedAt + _options.Timeout : null,
                _options);
        }
    }

    // Open becomes half-open lazily, when someone looks after the timeout: no timer per breaker.
    private CircuitState CurrentState()
    {
        if (_state == CircuitState.Open && _time.GetUtcNow() - _openedAt >= _options.Timeout)
        {
            MoveTo(CircuitState.HalfOpen);
        }

        return _state;
    }

    private void MoveTo(CircuitState next)
    {
        var previous = _state;
        _state = next;
        _consecutiveFailures = 0;
        _halfOpenSuccesses = 0;
        _halfOpenInFlight = 0;
        if (next == CircuitState.Open)
        {
            _openedAt = _time.GetUtcNow();
        }

        Log.CircuitStateChanged(_logger, NameOf(previous), NameOf(next), Name);
    }

    public static string NameOf(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        _ => "half-open",
    };
}
