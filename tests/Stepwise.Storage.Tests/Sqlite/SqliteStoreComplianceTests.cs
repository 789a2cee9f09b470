using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>The store compliance suite on a real SQLite file in a temp folder.</summary>
public sealed class SqliteStoreComplianceTests : StoreCompliance
{
    private readonly TempFolder folder = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Dispose();
    }

    protected override Task<StepwiseStorage> OpenStoreCoreAsync(TimeProvider time, StorageOptions options) =>
        SqliteStorage.OpenAsync(folder.File("stepwise.db"), time, options: options);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={folder.File("stepwise.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
