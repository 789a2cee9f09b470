using Stepwise.Storage.Postgres;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>The store compliance suite on a fresh PostgreSQL database per test.</summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresStoreComplianceTests(PostgresServer server) : StoreCompliance
{
    private string? connectionString;

    public override async Task InitializeAsync() => connectionString = await server.CreateDatabaseAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (connectionString is not null)
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    protected override Task<StepwiseStorage> OpenStoreCoreAsync(TimeProvider time, StorageOptions options) =>
        PostgresStorage.OpenAsync(connectionString!, time, options: options);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
