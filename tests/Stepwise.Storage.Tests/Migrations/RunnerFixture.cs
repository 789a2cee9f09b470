using System.Data.Common;
using Microsoft.Data.Sqlite;
using Stepwise.Storage.Migrations;
using Stepwise.Storage.Sqlite;
using Stepwise.Storage.Tests.Sqlite;

namespace Stepwise.Storage.Tests.Migrations;

/// <summary>A migration runner on its own connection, with shortcuts for the tests.</summary>
internal sealed class RunnerFixture(SqliteDialect dialect, DbConnection connection, MigrationRunner runner) : IAsyncDisposable
{
    public Task<IReadOnlyList<MigrationHistoryEntry>> UpgradeAsync(int? target) =>
        runner.UpgradeAsync(connection, target, CancellationToken.None);

    public Task<IReadOnlyList<MigrationHistoryEntry>> DowngradeAsync(int target) =>
        runner.DowngradeAsync(connection, target, CancellationToken.None);

    public Task<int> CurrentAsync() => runner.GetCurrentVersionAsync(connection, CancellationToken.None);

    public Task<IReadOnlyList<MigrationHistoryEntry>> HistoryAsync() =>
        runner.GetHistoryAsync(connection, CancellationToken.None);

    public Task<List<string>> TablesAsync() => SqliteStorageTests.TablesAsync((SqliteConnection)connection);

    public Task ExecuteAsync(string sql) => SqliteStorageTests.ExecuteAsync((SqliteConnection)connection, sql);

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync();
        dialect.ReleaseResources();
    }
}
