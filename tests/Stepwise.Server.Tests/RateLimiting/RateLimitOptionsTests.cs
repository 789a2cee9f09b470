using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;
using Stepwise.Server.RateLimiting;

namespace Stepwise.Server.Tests.RateLimiting;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Read_Nothing_Is600PerMinutePerKeyAnd300PerMinutePerAddress()
    {
        var options = RateLimitOptions.Read(Configuration());

        Assert.Equal(("600/1m", "300/1m"), (Text(options.PerKey), Text(options.PerIp)));
    }

    [Theory]
    [InlineData("600/m", "600/1m")]
    [InlineData("10/s", "10/1s")]
    [InlineData("1000/h", "1000/1h")]
    [InlineData(" 5/30s ", "5/30s")]
    public void Read_Rate_ParsesPermitsAndPeriod(string text, string parsed)
    {
        var options = RateLimitOptions.Read(Configuration((RateLimitOptions.PerKeyKey, text)));

        Assert.Equal(parsed, Text(options.PerKey));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("off")]
    [InlineData("OFF")]
    public void Read_ZeroOrOff_DisablesTheLimit(string text)
    {
        var options = RateLimitOptions.Read(Configuration((RateLimitOptions.PerIpKey, text)));

        Assert.Null(options.PerIp);
        Assert.NotNull(options.PerKey);
    }

    [Theory]
    [InlineData("ten/m")]
    [InlineData("10")]
    [InlineData("10/fortnight")]
    [InlineData("-1/m")]
    public void Read_BadRate_ThrowsNamingTheSetting(string text)
    {
        var exception = Assert.Throws<ServerConfigurationException>(
            () => RateLimitOptions.Read(Configuration((RateLimitOptions.PerKeyKey, text))));

        Assert.Equal(
            $"STEPWISE_RATE_LIMIT_PER_KEY: '{text}' is not permits per period such as 30/m, 5/s, 1000/h or 10/30s, or 0/off to disable.",
            exception.Message);
    }

    // The rate type is internal to Core; its text form says permits and period.
    private static string? Text(object? rate) => Convert.ToString(rate, System.Globalization.CultureInfo.InvariantCulture);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
