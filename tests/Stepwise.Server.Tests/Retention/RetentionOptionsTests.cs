using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Tests.Retention;

public sealed class RetentionOptionsTests
{
    [Fact]
    public void Read_NothingSet_ThirtyDaysEveryTenMinutes()
    {
        var options = RetentionOptions.Read(Configuration());

        Assert.Equal((TimeSpan.FromDays(30), TimeSpan.FromMinutes(10)), (options.Retention, options.Interval));
    }

    [Fact]
    public void Read_Durations_AreUsed()
    {
        var options = RetentionOptions.Read(
            Configuration(("STEPWISE_RETENTION", "7d"), ("STEPWISE_RETENTION_INTERVAL", "30s")));

        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromSeconds(30)), (options.Retention, options.Interval));
    }

    [Theory]
    [InlineData("STEPWISE_RETENTION", "forever", "STEPWISE_RETENTION: 'forever' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 1m to 3650d.")]
    [InlineData("STEPWISE_RETENTION", "10s", "STEPWISE_RETENTION: '10s' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 1m to 3650d.")]
    [InlineData("STEPWISE_RETENTION_INTERVAL", "2d", "STEPWISE_RETENTION_INTERVAL: '2d' is not a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S from 1s to 1d.")]
    public void Read_BadValue_ThrowsNamingTheSetting(string key, string value, string message)
    {
        var error = Assert.Throws<ServerConfigurationException>(() => RetentionOptions.Read(Configuration((key, value))));

        Assert.Equal(message, error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
