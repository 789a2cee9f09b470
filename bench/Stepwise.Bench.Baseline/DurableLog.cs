using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Stepwise.Bench.Baseline;

/// <summary>
/// The durable limit's storage: one SQLite row per request in a file set up as Stepwise's store is (WAL,
/// <c>synchronous=FULL</c>, so each commit fsyncs the log), written by one batching writer. Requests queue their row;
/// the writer takes every row waiting, inserts them in one transaction and commits, then completes each request's
/// task, so a request is answered only once its row is durable. This is the least a durable engine must do per run.
/// </summary>
internal sealed class DurableLog : IAsyncDisposable
{
    // As Stepwise's writer (StorageOptions.MaxBatchSize): the most rows one commit carries.
    private const int MaxBatchSize = 1_000;

    private readonly Channel<PendingRow> _queue = Channel.CreateUnbounded<PendingRow>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private readonly SqliteConnection _connection;
    private readonly Task _loop;

    private DurableLog(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Factory.StartNew(
            RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Opens (creating) the database file and its one table.</summary>
    public static DurableLog Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS runs (
                    id TEXT PRIMARY KEY,
                    workflow TEXT NOT NULL,
                    output TEXT NOT NULL,
                    created_at TEXT NOT NULL);
                """;
            setup.ExecuteNonQuery();
        }

        return new DurableLog(connection);
    }

    /// <summary>Queues the run's row; completes once the transaction holding it has committed.</summary>
    public Task AppendAsync(string workflow, string output)
    {
        var row = new PendingRow(Guid.CreateVersion7().ToString(), workflow, output, TimeProvider.System.GetUtcNow());
        return _queue.Writer.TryWrite(row) ? row.Committed.Task : Task.FromException(new ObjectDisposedException(nameof(DurableLog)));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO runs (id, workflow, output, created_at) VALUES ($id, $workflow, $output, $at)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var workflow = insert.Parameters.Add("$workflow", SqliteType.Text);
        var output = insert.Parameters.Add("$output", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        var batch = new List<PendingRow>(MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatchSize && reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            try
            {
                using (var transaction = _connection.BeginTransaction())
                {
                    insert.Transaction = transaction;
                    foreach (var row in batch)
                    {
                        id.Value = row.Id;
                        workflow.Value = row.Workflow;
                        output.Value = row.Output;
                        at.Value = row.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
                        insert.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }

                foreach (var row in batch)
                {
                    row.Committed.TrySetResult();
                }
            }
            catch (SqliteException exception)
            {
                foreach (var row in batch)
                {
                    row.Committed.TrySetException(exception);
                }
            }

            batch.Clear();
        }
    }

    private sealed record PendingRow(string Id, string Workflow, string Output, DateTimeOffset CreatedAt)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
