using System.Data.Common;
using System.Diagnostics;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Diagnostics;

/// <summary>
/// Read-only looks at the database for health checks and metrics. <see cref="ProbeAsync"/> opens a fresh,
/// unpooled connection, so it notices a database file that has become unreadable even while pooled connections
/// still hold it open.
/// </summary>
public sealed class StorageDiagnostics
{
    private const string SchemaVersionSql = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

    private const string QueueSql = """
        SELECT status, COUNT(*) FROM executions
        WHERE status IN ('pending', 'running', 'compensating')
        GROUP BY status
        """;

    private const string SchedulesSql = "SELECT COUNT(*), MAX(last_fired_at) FROM schedule_state";

    private readonly SqlDialect _dialect;
    private readonly ReaderConnections _readers;
    private readonly StorageWriter _writer;
    private readonly int _latestVersion;

    internal StorageDiagnostics(SqlDialect dialect, ReaderConnections readers, StorageWriter writer, int latestVersion)
    {
        _dialect = dialect;
        _readers = readers;
        _writer = writer;
        _latestVersion = latestVersion;
    }

    /// <summary>Opens a new connection and reads the schema version; throws when the database cannot be reached.</summary>
    public async Task<DatabaseProbe> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var connection = await _dialect.OpenProbeConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = connection.CreateCommand(SchemaVersionSql);
                var version = Convert.ToInt32(
                    await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                    System.Globalization.CultureInfo.InvariantCulture);
                return new DatabaseProbe(version, _latestVersion, Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var translated = StorageErrors.Translate(_dialect, exception, $"Reaching the database at {_dialect.Description}");
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    /// <summary>The fault the last write met (full, read-only, damaged store), or null while writes commit.</summary>
    public StoreFault? Fault => _writer.Faults.Current;

    /// <summary>
    /// Commits a small write that changes a page, so a fault that cleared is seen even when nothing else writes;
    /// throws the write's storage exception when the store still cannot keep it.
    /// </summary>
    public async Task ProbeWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WriteAsync(
            "Probing the store with a write",
            async (session, ct) =>
            {
                await _dialect.ProbeWriteAsync(session, ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        _writer.Faults.Clear();
    }

    public Task<QueueCounts> CountQueueAsync(CancellationToken cancellationToken = default) =>
        _readers.ReadAsync("Counting unfinished runs", ReadQueueAsync, cancellationToken);

    public Task<ScheduleCounts> CountSchedulesAsync(CancellationToken cancellationToken = default) =>
        _readers.ReadAsync("Reading schedule state", ReadSchedulesAsync, cancellationToken);

    /// <summary>The connections open now; cheap, no I/O.</summary>
    public ConnectionStats Connections
    {
        get
        {
            var counters = _dialect.Connections;
            var writers = counters.WritersOpen;
            var readersInUse = counters.ReadersOpen;
            var queued = _writer.QueuedWrites;
            var open = writers + readersInUse;
            var inUse = readersInUse + (queued > 0 ? writers : 0);
            return new ConnectionStats(
                _dialect.Name, _dialect.MaxConnections, open, inUse, open - inUse, writers, queued, readersInUse,
                counters.ReadersOpened);
        }
    }

    private static async Task<QueueCounts> ReadQueueAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(QueueSql);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            long pending = 0, running = 0, compensating = 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var count = reader.GetInt64(1);
                switch (reader.GetString(0))
                {
                    case "pending":
                        pending = count;
                        break;
                    case "running":
                        running = count;
                        break;
                    default:
                        compensating = count;
                        break;
                }
            }

            return new QueueCounts(pending, running, compensating);
        }
    }

    private static async Task<ScheduleCounts> ReadSchedulesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand(SchedulesSql);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new ScheduleCounts(
                reader.GetInt64(0), await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? null : DbValues.FromUnixMs(reader.GetInt64(1)));
        }
    }
}
