using Stepwise.Core.Resilience;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Resilience;

public sealed class RateLimiterTests
{
    [Theory]
    [InlineData("30/m", 30, 60)]
    [InlineData("5/s", 5, 1)]
    [InlineData("1000/h", 1000, 3600)]
    [InlineData("10/30s", 10, 30)]
    public void TryParse_ValidRate_ReturnsPermitsAndPeriod(string text, int permits, int seconds)
    {
        Assert.True(RateLimit.TryParse(text, out var rate, out _));
        Assert.Equal(new RateLimit(permits, TimeSpan.FromSeconds(seconds)), rate);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("0/m")]
    [InlineData("x/m")]
    [InlineData("30/fortnight")]
    public void TryParse_BadRate_ExplainsTheFormat(string text)
    {
        Assert.False(RateLimit.TryParse(text, out _, out var error));
        Assert.Equal($"rate limit must be {RateLimit.Expected}, got '{text}'", error);
    }

    [Fact]
    public async Task AcquireAsync_OverTheRate_WaitsUntilTheOldestPermitLeavesTheWindow()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlidingLogRateLimiter(new RateLimit(2, TimeSpan.FromMinutes(1)), time);

        using var first = await limiter.AcquireAsync(1);
        time.Advance(TimeSpan.FromSeconds(10));
        using var second = await limiter.AcquireAsync(1);
        var third = limiter.AcquireAsync(1).AsTask();

        await time.WaitForTimerAsync(d => d == time.GetUtcNow() + TimeSpan.FromSeconds(50), "the wait for a permit");
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(50));
        using var lease = await third.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(first.IsAcquired && second.IsAcquired && lease.IsAcquired);
        Assert.False(limiter.AttemptAcquire(1).IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_StopsWaiting()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlidingLogRateLimiter(new RateLimit(1, TimeSpan.FromMinutes(1)), time);
        using var first = await limiter.AcquireAsync(1);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync(1, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
