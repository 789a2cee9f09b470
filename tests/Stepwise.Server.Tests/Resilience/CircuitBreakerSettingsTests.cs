using Microsoft.Extensions.Configuration;

namespace Stepwise.Server.Tests.Resilience;

/// <summary>The server-wide breaker settings: defaults, values, and a bad value naming its setting.</summary>
public sealed class CircuitBreakerSettingsTests
{
    [Fact]
    public void Read_NothingSet_IsFiveFailuresSixtySecondsThreeTrials()
    {
        var breaker = CircuitBreakerSettingsReader.Read(Configuration()).CircuitBreaker;

        Assert.Equal((5, TimeSpan.FromSeconds(60), 3), (breaker.FailureThreshold, breaker.Timeout, breaker.HalfOpenRequests));
    }

    [Fact]
    public void Read_Values_AreUsed()
    {
        var breaker = CircuitBreakerSettingsReader.Read(Configuration(
            ("STEPWISE_CIRCUIT_BREAKER_FAILURES", "10"),
            ("STEPWISE_CIRCUIT_BREAKER_OPEN_TIMEOUT", "2m"),
            ("STEPWISE_CIRCUIT_BREAKER_HALF_OPEN_TRIALS", "1"))).CircuitBreaker;

        Assert.Equal((10, TimeSpan.FromMinutes(2), 1), (breaker.FailureThreshold, breaker.Timeout, breaker.HalfOpenRequests));
    }

    [Theory]
    [InlineData("STEPWISE_CIRCUIT_BREAKER_FAILURES", "0", "STEPWISE_CIRCUIT_BREAKER_FAILURES: '0' is not a whole number from 1 to 10000.")]
    [InlineData("STEPWISE_CIRCUIT_BREAKER_HALF_OPEN_TRIALS", "many", "STEPWISE_CIRCUIT_BREAKER_HALF_OPEN_TRIALS: 'many' is not a whole number from 1 to 10000.")]
    [InlineData("STEPWISE_CIRCUIT_BREAKER_OPEN_TIMEOUT", "2d", "STEPWISE_CIRCUIT_BREAKER_OPEN_TIMEOUT: '2d' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 1ms to 1d.")]
    public void Read_BadValue_ThrowsNamingTheSetting(string key, string value, string message)
    {
        var error = Assert.Throws<ServerConfigurationException>(() => CircuitBreakerSettingsReader.Read(Configuration((key, value))));

        Assert.Equal(message, error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
