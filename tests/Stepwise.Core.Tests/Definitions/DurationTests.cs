using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("PT30S", 30_000)]
    [InlineData("PT1M30S", 90_000)]
    [InlineData("P1DT2H", 93_600_000)]
    [InlineData("0s", 0)]
    public void TryParse_Valid_GivesTheDuration(string text, long milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("30")]
    [InlineData("-5s")]
    [InlineData("5 s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("")]
    [InlineData("PT")]
    [InlineData("P-1D")]
    [InlineData("-PT5S")]
    [InlineData("5 weeks")]
    [InlineData("99999999999999999999d")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData(300_000, "5m")]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    public void Format_RoundTrips(long milliseconds, string text)
    {
        var formatted = Duration.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(text, formatted);
        Assert.True(Duration.TryParse(formatted, out var back));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }
}
