using Stepwise.Core.Resilience;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ListLoggerFactory _logs = new();

    private CircuitBreaker NewBreaker() =>
        new("api.example.com", new CircuitBreakerOptions(), _time, _logs.CreateLogger("test"));

    [Fact]
    public void RecordFailure_FiveConsecutive_OpensAndFailsFast()
    {
        var breaker = NewBreaker();

        for (var i = 0; i < 4; i++)
        {
            Assert.True(breaker.TryAcquire());
            breaker.RecordFailure();
        }

        Assert.Equal(CircuitState.Closed, breaker.State);
        breaker.RecordFailure();
        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryAcquire());
        Assert.Equal(["circuit breaker state changed from=closed to=open name=api.example.com"], _logs.Messages);
    }

    [Fact]
    public void RecordSuccess_BetweenFailures_ResetsTheCount()
    {
        var breaker = NewBreaker();

        for (var i = 0; i < 4; i++)
        {
            breaker.RecordFailure();
        }

        breaker.RecordSuccess();
        for (var i = 0; i < 4; i++)
        {
            breaker.RecordFailure();
        }

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void State_AfterTimeout_IsHalfOpenAndThreeSuccessesClose()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 5; i++)
        {
            breaker.RecordFailure();
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(CircuitState.Open, breaker.State);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(breaker.TryAcquire());
        }

        Assert.False(breaker.TryAcquire());
        breaker.RecordSuccess();
        breaker.RecordSuccess();
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        breaker.RecordSuccess();
        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.Equal(
            [
                "circuit breaker state changed from=closed to=open name=api.example.com",
                "circuit breaker state changed from=open to=half-open name=api.example.com",
                "circuit breaker state changed from=half-open to=closed name=api.example.com",
            ],
            _logs.Messages);
    }

    [Fact]
    public void RecordFailure_InHalfOpen_ReopensForAnotherTimeout()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 5; i++)
        {
            breaker.RecordFailure();
        }

        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.True(breaker.TryAcquire());
        breaker.RecordFailure();

        Assert.Equal(CircuitState.Open, breaker.State);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(breaker.TryAcquire());
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, breaker.State);
    }

    [Fact]
    public void Reset_WhenOpen_Closes()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 5; i++)
        {
            breaker.RecordFailure();
        }

        breaker.Reset();

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryAcquire());
    }

    [Fact]
    public void Options_Custom_AreHonoured()
    {
        var breaker = new CircuitBreaker(
            "h", new CircuitBreakerOptions { FailureThreshold = 2, Timeout = TimeSpan.FromSeconds(5), HalfOpenRequests = 1 },
            _time, _logs.CreateLogger("test"));

        breaker.RecordFailure();
        breaker.RecordFailure();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(breaker.TryAcquire());
        breaker.RecordSuccess();

        Assert.Equal(CircuitState.Closed, breaker.State);
    }
}
