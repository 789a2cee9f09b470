using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Storage.Common;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>
/// Issue 21 item 5: real SQLite faults (a full database, a read-only one, damaged pages) become
/// <see cref="StorageFaultException"/> with a reason an operator acts on, never a bare provider error.
/// </summary>
public sealed class SqliteFaultTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string DatabasePath => Path.Combine(folder.Path, "fault.db");

    [Fact]
    public async Task Translate_DatabaseFull_IsAFaultSayingTheDiskIsFull()
    {
        await using var connection = await OpenAsync(DatabasePath);
        await ExecuteAsync(connection, "CREATE TABLE t (b BLOB)");
        await ExecuteAsync(connection, "PRAGMA max_page_count = 8");

        var fault = await FaultOfAsync(() => ExecuteAsync(connection, "INSERT INTO t VALUES (zeroblob(1000000))"));

        Assert.Equal("the disk is full (SQLITE_FULL)", fault.Reason);
        Assert.Equal("Writing a step failed: the store cannot keep it: the disk is full (SQLITE_FULL).", fault.Message);
    }

    [Fact]
    public async Task Translate_ReadOnlyDatabase_IsAFaultSayingSo()
    {
        await using (var create = await OpenAsync(DatabasePath))
        {
            await ExecuteAsync(create, "CREATE TABLE t (x INTEGER)");
        }

        await using var connection = await OpenAsync(DatabasePath, SqliteOpenMode.ReadOnly);
        var fault = await FaultOfAsync(() => ExecuteAsync(connection, "INSERT INTO t VALUES (1)"));

        Assert.StartsWith("the database is read-only (SQLITE_READONLY)", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Translate_DamagedPages_IsAFaultNamingTheCheckCommand()
    {
        await using (var create = await OpenAsync(DatabasePath))
        {
            await ExecuteAsync(create, "PRAGMA journal_mode = DELETE");
            await ExecuteAsync(create, "CREATE TABLE t (x INTEGER PRIMARY KEY, filler TEXT)");
            await ExecuteAsync(create, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO t SELECT i, hex(randomblob(200)) FROM n");
        }

        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(DatabasePath);
        for (var i = 4096 * 2; i < bytes.Length - 4096; i += 97)
        {
            bytes[i] = 0xA5;
        }

        await File.WriteAllBytesAsync(DatabasePath, bytes);
        await using var connection = await OpenAsync(DatabasePath);
        var fault = await FaultOfAsync(() => ExecuteAsync(connection, "SELECT SUM(length(filler)) FROM t"));

        Assert.Contains("the database file is damaged", fault.Reason, StringComparison.Ordinal);
        Assert.Contains("stepwise db check", fault.Reason, StringComparison.Ordinal);
    }

    private async Task<StorageFaultException> FaultOfAsync(Func<Task> write)
    {
        var exception = await Assert.ThrowsAsync<SqliteException>(write);
        var translated = StorageErrors.Translate(new SqliteDialect(DatabasePath, TimeSpan.FromSeconds(1)), exception, "Writing a step");
        return Assert.IsType<StorageFaultException>(translated);
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
        }
    }
}
