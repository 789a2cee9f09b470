using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// One query of the query language on a pooled SQLite reader: <c>PRAGMA query_only</c> makes the connection refuse
/// any write while it runs, and the deadline interrupts the statement (<c>sqlite3_interrupt</c>), which stops even
/// one long step of a scan. Disposing puts the connection back writable for the pool.
/// </summary>
internal sealed class SqliteQueryGuard : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly CancellationTokenRegistration interrupt;

    private SqliteQueryGuard(SqliteConnection connection, CancellationToken deadline)
    {
        this.connection = connection;
        interrupt = deadline.Register(static state => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)state!).Handle), connection);
    }

    public static async ValueTask<IAsyncDisposable> StartAsync(
        DbConnection connection, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var sqlite = (SqliteConnection)connection;
        using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = 1";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new SqliteQueryGuard(sqlite, deadline);
    }

    public async ValueTask DisposeAsync()
    {
        await interrupt.DisposeAsync().ConfigureAwait(false);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA query_only = 0";
        await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
