using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Runs, their steps and logs over ADO.NET. Reads use their own connections; writes go through the single
/// <see cref="StorageWriter"/>, so they are durable when their task completes and ordered with the journal.
/// </summary>
internal sealed class ExecutionStore : IExecutionStore
{
    private const string GetSql = $"SELECT {RecordReaders.ExecutionColumns} FROM executions WHERE id = @id";

    // seq is the order in which each attempt was first written (see JournalStatements).
    private const string StepsSql =
        $"SELECT {RecordReaders.StepColumns} FROM steps WHERE execution_id = @execution_id ORDER BY seq";

    private const string LogsSql =
        $"SELECT {RecordReaders.LogColumns} FROM execution_logs WHERE execution_id = @execution_id ORDER BY id";

    // A claim succeeds on an unfinished run that is free, whose lease has expired, or that the owner already holds.
    private const string ClaimSql = $"""
        UPDATE executions SET lease_owner = @owner, lease_until = @lease_until
        WHERE id = @id AND status IN ({StatusNames.UnfinishedSqlList})
          AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until IS NULL OR lease_until <= @now)
        """;

    private const string RenewSql = $"""
        UPDATE executions SET lease_until = @lease_until
        WHERE lease_owner = @owner AND status IN ({StatusNames.UnfinishedSqlList})
        RETURNING id
        """;

    private const string ReleaseSql = """
        UPDATE executions SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner
        """;

    // substr rather than LIKE: an owner holds no pattern characters to escape, and both dialects compare it exactly.
    private const string ExpireLeasesSql = $"""
        UPDATE executions SET lease_until = @now
        WHERE status IN ({StatusNames.UnfinishedSqlList}) AND lease_owner IS NOT NULL AND lease_until > @now
          AND substr(lease_owner, 1, @prefix_length) = @prefix
          AND substr(lease_owner, 1, @current_length) <> @current
        """;

    private const string ResumableSql = $"""
        SELECT {RecordReaders.ExecutionColumns} FROM executions
        WHERE status IN ({StatusNames.UnfinishedSqlList}) AND (lease_until IS NULL OR lease_until <= @now)
        ORDER BY priority DESC, created_at, id
        LIMIT @limit
        """;

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;
    private readonly TimeProvider _timeProvider;
    private readonly WorkSignal _workSignal;

    public ExecutionStore(
        StorageWriter writer, ReaderConnections readers, TimeProvider timeProvider, WorkSignal workSignal)
    {
        _writer = writer;
        _readers = readers;
        _timeProvider = timeProvider;
        _workSignal = workSignal;
    }

    /// <summary>Creates the run, then wakes waiting workers: in this process at once, in others by the dialect.</summary>
    public Task CreateExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default) =>
        InsertAsync(execution, null, null, cancellationToken);

    /// <summary>
    /// One insert that also holds the lease: a run created to be run at once costs one commit, not two. No worker
    /// is woken: none could take it.
    /// </summary>
    public Task CreateClaimedExecutionAsync(
        ExecutionRecord execution, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        Require.Text(owner, "lease owner");
        return InsertAsync(execution, owner, leaseUntil, cancellationToken);
    }

    private async Task InsertAsync(
        ExecutionRecord execution, string? owner, DateTimeOffset? leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(execution);
        Require.Text(execution.Id, "execution id");
        Require.Text(execution.OrgId, $"org id of execution '{execution.Id}'");
        Require.Text(execution.Workflow, $"workflow name of execution '{execution.Id}'");
        if (execution.Params is null)
        {
            throw new ArgumentException($"Execution '{execution.Id}' has no params object.", nameof(execution));
        }

        if (execution.Version < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(execution), execution.Version, $"Execution '{execution.Id}' has a negative workflow version.");
        }

        await _writer.WriteAsync(
            $"Creating execution '{execution.Id}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(InsertExecutionStatement.Sql);
                foreach (var (name, value) in InsertExecutionStatement.Values(execution, owner, leaseUntil))
                {
                    command.AddParameter(name, value);
                }

                var inserted = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                if (owner is null && session.Dialect.NotifyWorkSql is { } notifySql)
                {
                    using var notify = session.CreateCommand(notifySql);
                    await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return inserted;
            },
            cancellationToken).ConfigureAwait(false);
        if (owner is null && !StatusNames.IsFinished(execution.Status))
        {
            _workSignal.Notify();
        }
    }

    public Task<ExecutionRecord?> GetExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "execution id");
        return _readers.ReadAsync(
            $"Reading execution '{id}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@id", id);
                return await RecordReaders.ReadSingleAsync(command, RecordReaders.ReadExecution, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(string executionId, CancellationToken cancellationToken = default)
    {
        Require.Text(executionId, "execution id");
        return _readers.ReadAsync(
            $"Reading the steps of execution '{executionId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(StepsSql);
                command.AddParameter("@execution_id", executionId);
                return await RecordReaders.ReadAllAsync(command, RecordReaders.ReadStep, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ExecutionLogRecord>> GetLogsAsync(
        string executionId, CancellationToken cancellationToken = default)
    {
        Require.Text(executionId, "execution id");
        return _readers.ReadAsync(
            $"Reading the log of execution '{executionId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(LogsSql);
                command.AddParameter("@execution_id", executionId);
                return await RecordReaders.ReadAllAsync(command, RecordReaders.ReadLog, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> TryClaimAsync(
        string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "execution id");
        Require.Text(owner, "lease owner");
        return _writer.WriteAsync(
            $"Claiming execution '{id}' for '{owner}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ClaimSql);
                command.AddParameter("@id", id);
                command.AddParameter("@owner", owner);
                command.AddParameter("@lease_until", DbValues.ToUnixMs(leaseUntil));
                command.AddParameter("@now", DbValues.ToUnixMs(_timeProvider.GetUtcNow()));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(
        string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        Require.Text(owner, "lease owner");
        return _writer.WriteAsync(
            $"Renewing the leases of '{owner}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(RenewSql);
                command.AddParameter("@owner", owner);
                command.AddParameter("@lease_until", DbValues.ToUnixMs(leaseUntil));
                return await RecordReaders.ReadAllAsync(command, reader => reader.GetString(0), ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "execution id");
        Require.Text(owner, "lease owner");
        return _writer.WriteAsync(
            $"Releasing execution '{id}' held by '{owner}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ReleaseSql);
                command.AddParameter("@id", id);
                command.AddParameter("@owner", owner);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<ExecutionRecord>> ClaimResumableAsync(
        string owner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        Require.Text(owner, "lease owner");
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit of runs to claim must be at least 1.");
        }

        var claimed = await _writer.WriteAsync(
            $"Claiming up to {limit} resumable executions for '{owner}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(session.Dialect.ClaimResumableSql);
                command.AddParameter("@owner", owner);
                command.AddParameter("@lease_until", DbValues.ToUnixMs(leaseUntil));
                command.AddParameter("@now", DbValues.ToUnixMs(_timeProvider.GetUtcNow()));
                command.AddParameter("@limit", limit);
                return await RecordReaders.ReadAllAsync(command, RecordReaders.ReadExecution, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        // RETURNING gives no order; the claim order is the resumable order.
        return [.. claimed
            .OrderByDescending(run => run.Priority)
            .ThenBy(run => run.CreatedAt)
            .ThenBy(run => run.Id, StringComparer.Ordinal)];
    }

    public async Task<int> ExpireLeasesAsync(string ownerPrefix, string currentOwner, CancellationToken cancellationToken = default)
    {
        // An empty prefix names every owner: a restored store, which no live process holds.
        ArgumentNullException.ThrowIfNull(ownerPrefix);
        Require.Text(currentOwner, "lease owner");
        var ended = await _writer.WriteAsync(
            $"Ending the leases of earlier processes of '{ownerPrefix}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ExpireLeasesSql);
                command.AddParameter("@now", DbValues.ToUnixMs(_timeProvider.GetUtcNow()));
                command.AddParameter("@prefix", ownerPrefix);
                command.AddParameter("@prefix_length", ownerPrefix.Length);
                command.AddParameter("@current", currentOwner);
                command.AddParameter("@current_length", currentOwner.Length);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (ended > 0)
        {
            _workSignal.Notify();
        }

        return ended;
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListResumableAsync(
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit of resumable runs must be at least 1.");
        }

        return _readers.ReadAsync(
            "Listing resumable executions",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ResumableSql);
                command.AddParameter("@now", DbValues.ToUnixMs(now));
                command.AddParameter("@limit", limit);
                return await RecordReaders.ReadAllAsync(command, RecordReaders.ReadExecution, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
