using Npgsql;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>
/// The PostgreSQL server of the test run: the one <c>STEPWISE_TEST_POSTGRES</c> names (a URL or connection string
/// of a user who may create databases), or else a throwaway server initialised into a temp folder, listening on a
/// free port of 127.0.0.1 (<see cref="PostgresLauncher"/>), and stopped and deleted at the end. Each test gets a fresh
/// database of its own. Test classes using it are marked <see cref="RequiresPostgresAttribute"/>: without PostgreSQL
/// they are skipped with the reason, except on CI, where this fixture fails them with it.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = PostgresAvailability.ServerVariable;

    // A migrated database that fresh test databases are copied from, so a test does not pay for the migration.
    private readonly string templateName = "stepwise_template_" + Guid.NewGuid().ToString("N")[..12];
    private PostgresLauncher? launcher;
    private NpgsqlConnectionStringBuilder admin = new();

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var url = DatabaseUrl.Parse(external);
            if (url.Kind != DatabaseKind.Postgres)
            {
                throw new InvalidOperationException(
                    $"{EnvironmentVariable} must name a PostgreSQL server, not '{url.Description}'.");
            }

            admin = new NpgsqlConnectionStringBuilder(url.ConnectionString) { Pooling = false };
        }
        else
        {
            await StartThrowawayServerAsync();
        }

        await ExecuteAsync($"CREATE DATABASE {templateName}");
        var template = ConnectionStringFor(templateName);
        await (await Stepwise.Storage.Postgres.PostgresStorage.OpenAsync(template, TimeProvider.System)).DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        if (launcher is null)
        {
            await ExecuteAsync($"DROP DATABASE IF EXISTS {templateName} WITH (FORCE)");
            return;
        }

        await launcher.DisposeAsync();
    }

    /// <summary>
    /// Creates an empty database, or with <paramref name="migrated"/> one at the latest schema. An
    /// <paramref name="icuLocale"/> such as <c>en-US</c> gives the empty database that language's collation instead of
    /// the server's byte order.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true, string? icuLocale = null)
    {
        var name = "stepwise_test_" + Guid.NewGuid().ToString("N")[..16];
        var sql = (migrated, icuLocale) switch
        {
            (true, null) => $"CREATE DATABASE {name} TEMPLATE {templateName}",
            (false, null) => $"CREATE DATABASE {name}",
            (false, _) => $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}'",
            (true, _) => throw new ArgumentException("A database with its own collation starts empty.", nameof(icuLocale)),
        };
        await ExecuteAsync(sql);
        return ConnectionStringFor(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = database, Pooling = true }.ConnectionString;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task StartThrowawayServerAsync()
    {
        launcher = await PostgresLauncher.StartAsync();
        admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = launcher.Port, Username = "postgres", Database = "postgres", Pooling = false,
        };
    }
}
