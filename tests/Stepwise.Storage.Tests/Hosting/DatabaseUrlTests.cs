using Npgsql;

namespace Stepwise.Storage.Tests.Hosting;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Parse_PostgresUrl_BuildsAConnectionStringAndADescriptionWithoutThePassword()
    {
        var url = DatabaseUrl.Parse(
            "postgres://app:p%40ss%3Aword@db.internal:6543/stepwise?sslmode=verify-full&application_name=node-1&connect_timeout=7");

        var builder = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(DatabaseKind.Postgres, url.Kind);
        Assert.Equal(
            ("db.internal", 6543, "app", "p@ss:word", "stepwise", SslMode.VerifyFull, "node-1", 7),
            (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode,
                builder.ApplicationName, builder.Timeout));
        Assert.Equal("postgres://app@db.internal:6543/stepwise", url.Description);
        Assert.Equal(url.Description, url.ToString());
    }

    [Theory]
    [InlineData("postgresql://u@localhost/db", "localhost", 5432, "db")]
    [InlineData("POSTGRES://u@[::1]:5433/db", "::1", 5433, "db")]
    [InlineData("postgres://u@host", "host", 5432, null)]
    public void Parse_PostgresUrlVariants_ReadHostPortAndDatabase(string text, string host, int port, string? database)
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseUrl.Parse(text).ConnectionString);

        Assert.Equal((host, port, database), (builder.Host, builder.Port, builder.Database));
    }

    [Fact]
    public void Parse_KeyValueConnectionString_IsPostgres()
    {
        var url = DatabaseUrl.Parse("Host=db;Port=5432;Username=app;Password=secret;Database=stepwise");

        Assert.Equal(DatabaseKind.Postgres, url.Kind);
        Assert.Equal("postgres://app@db:5432/stepwise", url.Description);
        Assert.Equal("secret", new NpgsqlConnectionStringBuilder(url.ConnectionString).Password);
    }

    [Theory]
    [InlineData("data/stepwise.db", "data/stepwise.db")]
    [InlineData("/var/lib/stepwise/stepwise.db", "/var/lib/stepwise/stepwise.db")]
    [InlineData("sqlite:data/stepwise.db", "data/stepwise.db")]
    [InlineData("sqlite://data/stepwise.db", "data/stepwise.db")]
    [InlineData("sqlite:///var/lib/my%20data/stepwise.db", "/var/lib/my data/stepwise.db")]
    [InlineData("  ./stepwise.db  ", "./stepwise.db")]
    public void Parse_SqlitePathOrUrl_IsTheFilePath(string text, string path)
    {
        var url = DatabaseUrl.Parse(text);

        Assert.Equal((DatabaseKind.Sqlite, path, path), (url.Kind, url.ConnectionString, url.Description));
    }

    [Fact]
    public async Task OpenAsync_SqliteUrl_OpensSqliteStorage()
    {
        using var folder = new TempFolder();
        var url = DatabaseUrl.Parse("sqlite:" + folder.File("stepwise.db"));

        await using var storage = await url.OpenAsync(TimeProvider.System);
        await using var migrator = await url.OpenMigratorAsync(TimeProvider.System);

        Assert.Equal(folder.File("stepwise.db"), storage.Location);
        Assert.Equal(storage.SchemaVersion, await migrator.GetCurrentVersionAsync());
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("mysql://u:p@host/db", "scheme 'mysql' is not supported")]
    [InlineData("sqlite:", "names no file")]
    [InlineData("postgres://u@host/a/b", "must be one database name")]
    [InlineData("postgres://u@host/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://u@host/db?connect_timeout=soon", "connect_timeout 'soon'")]
    [InlineData("postgres://u@host/db?pool=5", "unknown parameter 'pool'")]
    [InlineData("postgres://", "is not a valid URL")]
    [InlineData("Port=5432;Database=x", "names no Host")]
    [InlineData("Host=db;Colour=blue", "not valid")]
    public void Parse_BadValue_ThrowsNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => DatabaseUrl.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("value", error.ParamName);
    }

    [Theory]
    [InlineData("postgres://app:hunter2@host/db?sslmode=bogus")]
    [InlineData("postgres://app:hun/ter2@host/db?x=1")]
    [InlineData("postgres://app:hun@ter2@host:notaport/db")]
    public void Parse_BadUrlWithAPassword_NeverRepeatsThePassword(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DatabaseUrl.Parse(text));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("app:***@", error.Message, StringComparison.Ordinal);
    }
}
