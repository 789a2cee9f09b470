using Microsoft.Extensions.Configuration;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Tests;

public sealed class ServerSettingsTests
{
    private static ServerOptions Read(params (string Key, string Value)[] values) =>
        ServerSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Read_Nothing_GivesDefaults()
    {
        var options = Read();
        Assert.Equal(Path.Combine("./data", "stepwise.db"), options.Database.ConnectionString);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ShutdownGrace);
        Assert.Equal(1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Null(options.AdminKey);
        Assert.Equal(TimeSpan.FromSeconds(30), options.LeaseDuration);
        Assert.Equal(25, options.DbMaxConnections);
    }

    [Fact]
    public void Read_Values_AreParsed()
    {
        var options = Read(("STEPWISE_DATA", "/srv/data"), ("STEPWISE_SHUTDOWN_GRACE", "2m"), ("STEPWISE_MAX_BODY", "4MB"),
            ("STEPWISE_ADMIN_KEY", "  key  "), ("STEPWISE_MAX_CONCURRENT_RUNS", "8"));
        Assert.Equal(Path.Combine("/srv/data", "stepwise.db"), options.Database.ConnectionString);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ShutdownGrace);
        Assert.Equal(4 * 1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal("key", options.AdminKey);
        Assert.Equal(8, options.MaxConcurrentRuns);
    }

    [Theory]
    [InlineData("STEPWISE_SHUTDOWN_GRACE", "soon")]
    [InlineData("STEPWISE_MAX_BODY", "lots")]
    [InlineData("STEPWISE_MAX_BODY", "0")]
    [InlineData("STEPWISE_MAX_CONCURRENT_RUNS", "-3")]
    [InlineData("STEPWISE_LEASE", "10ms")]
    [InlineData("STEPWISE_DB_MAX_CONNECTIONS", "2")]
    public void Read_BadValue_NamesTheSetting(string key, string value)
    {
        var error = Assert.Throws<ServerConfigurationException>(() => Read((key, value)));
        Assert.StartsWith($"{key}: '{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite:./data/x.db", "./data/x.db")]
    [InlineData("sqlite:///var/lib/stepwise.db", "/var/lib/stepwise.db")]
    [InlineData("sqlite://rel.db", "rel.db")]
    public void DatabaseUrl_Sqlite_GivesThePath(string url, string path) =>
        Assert.Equal(path, DatabaseLocation.Resolve(url, "./ignored").ConnectionString);

    [Theory]
    [InlineData("postgres://user:secret@db:5433/stepwise")]
    [InlineData("Host=db;Port=5433;Username=user;Password=secret;Database=stepwise")]
    public void DatabaseUrl_Postgres_GivesPostgresWithoutThePasswordInItsDescription(string url)
    {
        var database = DatabaseLocation.Resolve(url, "./data");
        Assert.Equal(Stepwise.Storage.DatabaseKind.Postgres, database.Kind);
        Assert.Equal("postgres://user@db:5433/stepwise", database.Description);
    }

    [Fact]
    public void Read_DataFolderWithAnEqualsSign_IsStillASqliteFile()
    {
        var options = Read(("STEPWISE_DATA", "/srv/a=b"));
        Assert.Equal(Stepwise.Storage.DatabaseKind.Sqlite, options.Database.Kind);
        Assert.Equal(Path.Combine("/srv/a=b", "stepwise.db"), options.Database.ConnectionString);
    }

    [Fact]
    public void Read_DbMaxConnections_IsParsed() =>
        Assert.Equal(7, Read(("STEPWISE_DB_MAX_CONNECTIONS", "7")).DbMaxConnections);

    [Fact]
    public void DatabaseUrl_BadPostgresUrl_IsRefusedWithoutEchoingThePassword()
    {
        var error = Assert.Throws<ServerConfigurationException>(
            () => DatabaseLocation.Resolve("postgres://user:secret@db:notaport/stepwise", "./data"));
        Assert.Contains("DATABASE_URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mysql://x")]
    [InlineData("sqlite:")]
    [InlineData("sqlite::memory:")]
    public void DatabaseUrl_Unusable_IsRefused(string url) =>
        Assert.Throws<ServerConfigurationException>(() => DatabaseLocation.Resolve(url, "./data"));
}
