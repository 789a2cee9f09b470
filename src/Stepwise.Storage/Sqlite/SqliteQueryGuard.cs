using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// One query of the query language on a pooled SQLite reader: <c>PRAGMA query_only</c> makes the connection refuse
/// any write while it runs, and a progress handler (called every few thousand virtual machine instructions) stops
/// the statement with SQLITE_INTERRUPT once the time limit has passed, read from the monotonic clock in the handler
/// itself (a timer's cancellation can come late on a busy thread pool, after a scan it should have stopped), or once
/// the deadline token fired. Disposing puts the connection back as the pool had it.
/// </summary>
internal sealed class SqliteQueryGuard : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private const int InstructionsPerCheck = 4096;

    private SqliteQueryGuard(SqliteConnection connection, Deadline deadline)
    {
        _connection = connection;
        SQLitePCL.raw.sqlite3_progress_handler(connection.Handle, InstructionsPerCheck, static state => ((Deadline)state).HasPassed ? 1 : 0, deadline);
    }

    public static async ValueTask<IAsyncDisposable> StartAsync(
        DbConnection connection, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var due = new Deadline(Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency), deadline);
        var sqlite = (SqliteConnection)connection;
        using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA query_only = 1";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new SqliteQueryGuard(sqlite, due);
    }

    public async ValueTask DisposeAsync()
    {
        SQLitePCL.raw.sqlite3_progress_handler(_connection.Handle, 0, null, null);
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA query_only = 0";
        await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private sealed class Deadline(long dueAt, CancellationToken token)
    {
        public bool HasPassed => token.IsCancellationRequested || Stopwatch.GetTimestamp() >= dueAt;
    }
}
