using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Waits for signals over ADO.NET, and the parking of runs. Every write goes through the single writer, so a park is
/// ordered after the steps the run appended before it. Parking and a signal from another node cannot miss each
/// other: a signal marks its wait answered, then touches the run's row (a write that always locks it); a park gives
/// up the lease (locking the row), then looks for answered waits. Whichever commits second sees the first.
/// </summary>
internal sealed class SignalStore(StorageWriter writer, ReaderConnections readers, WorkSignal localSignal) : ISignalStore
{
    private const string Columns = """
        execution_id, name, org_id, workflow, kind, status, waiting_since, due_at, details, payload, sent_by, resolved_at
        """;

    private const string InsertSql = $"""
        INSERT INTO execution_signals ({Columns})
        VALUES (@execution_id, @name, @org_id, @workflow, @kind, 'waiting', @waiting_since, @due_at, @details, NULL, NULL, NULL)
        ON CONFLICT (execution_id, name) DO NOTHING
        """;

    private const string GetSql = $"SELECT {Columns} FROM execution_signals WHERE execution_id = @execution_id AND name = @name";

    private const string ForExecutionSql =
        $"SELECT {Columns} FROM execution_signals WHERE execution_id = @execution_id ORDER BY waiting_since, name";

    private const string AnswerSql = $"""
        UPDATE execution_signals SET status = 'received', payload = @payload, sent_by = @sent_by, resolved_at = @now
        WHERE execution_id = @execution_id AND name = @name AND org_id = @org_id AND status = 'waiting'
          AND EXISTS (SELECT 1 FROM executions e WHERE e.id = @execution_id AND e.status IN ({StatusNames.UnfinishedSqlList}))
        """;

    // Always matches (and so locks) the run's row; wakes it only when it is parked.
    private const string WakeSql = $"""
        UPDATE executions
        SET lease_until = CASE WHEN lease_owner IS NULL AND lease_until > @now THEN @now ELSE lease_until END
        WHERE id = @execution_id AND status IN ({StatusNames.UnfinishedSqlList})
        """;

    private const string ExecutionOrgSql = "SELECT org_id, status FROM executions WHERE id = @execution_id";

    private const string TimeOutSql = """
        UPDATE execution_signals SET status = 'timed_out', resolved_at = @now
        WHERE execution_id = @execution_id AND name = @name AND status = 'waiting'
        """;

    private const string ParkSql = $"""
        UPDATE executions SET lease_owner = NULL, lease_until = @resume_at
        WHERE id = @execution_id AND lease_owner = @owner AND status IN ({StatusNames.UnfinishedSqlList})
        """;

    public Task<(SignalWait Wait, bool Created)> BeginWaitAsync(SignalWait wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wait);
        Require.Text(wait.ExecutionId, "execution id");
        Require.Text(wait.Name, "signal name");
        return writer.WriteAsync(
            $"Recording that execution '{wait.ExecutionId}' waits for signal '{wait.Name}'",
            async (session, ct) =>
            {
                int inserted;
                using (var insert = session.CreateCommand(InsertSql))
                {
                    insert.AddParameter("@execution_id", wait.ExecutionId);
                    insert.AddParameter("@name", wait.Name);
                    insert.AddParameter("@org_id", wait.OrgId);
                    insert.AddParameter("@workflow", wait.Workflow);
                    insert.AddParameter("@kind", wait.Kind);
                    insert.AddParameter("@waiting_since", DbValues.ToUnixMs(wait.WaitingSince));
                    insert.AddParameter("@due_at", DbValues.ToUnixMsOrNull(wait.DueAt));
                    insert.AddParameter("@details", DbValues.JsonOrNull(wait.Details));
                    inserted = await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                var stored = await ReadOneAsync(session.CreateCommand(GetSql), wait.ExecutionId, wait.Name, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"The wait for signal '{wait.Name}' of execution '{wait.ExecutionId}' vanished.");
                return (stored, inserted == 1);
            },
            cancellationToken);
    }

    public Task<SignalWait?> GetAsync(string executionId, string name, CancellationToken cancellationToken = default) =>
        readers.ReadAsync(
            $"Reading the wait for signal '{name}' of execution '{executionId}'",
            (connection, ct) => ReadOneAsync(connection.CreateCommand(GetSql), executionId, name, ct),
            cancellationToken);

    public Task<SignalDelivery> SendAsync(
        string orgId, string executionId, string name, JsonNode? payload, string sentBy, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(executionId, "execution id");
        Require.Text(name, "signal name");
        return DeliverAsync();

        async Task<SignalDelivery> DeliverAsync()
        {
            var delivery = await writer.WriteAsync(
                $"Sending signal '{name}' to execution '{executionId}'",
                async (session, ct) =>
                {
                    int answered;
                    using (var answer = session.CreateCommand(AnswerSql))
                    {
                        answer.AddParameter("@payload", DbValues.JsonOrNull(payload));
                        answer.AddParameter("@sent_by", sentBy);
                        answer.AddParameter("@now", DbValues.ToUnixMs(at));
                        answer.AddParameter("@execution_id", executionId);
                        answer.AddParameter("@name", name);
                        answer.AddParameter("@org_id", orgId);
                        answered = await answer.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    }

                    if (answered == 1)
                    {
                        using (var wake = session.CreateCommand(WakeSql))
                        {
                            wake.AddParameter("@now", DbValues.ToUnixMs(at));
                            wake.AddParameter("@execution_id", executionId);
                            await wake.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }

                        if (session.Dialect.NotifyWorkSql is { } notifySql)
                        {
                            using var notify = session.CreateCommand(notifySql);
                            await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }
                    }

                    var wait = await ReadOneAsync(session.CreateCommand(GetSql), executionId, name, ct).ConfigureAwait(false);
                    if (answered == 1)
                    {
                        return new SignalDelivery(SignalDeliveryStatus.Delivered, wait);
                    }

                    using var owner = session.CreateCommand(ExecutionOrgSql);
                    owner.AddParameter("@execution_id", executionId);
                    var run = await RecordReaders.ReadAllAsync(
                        owner, reader => (Org: reader.GetString(0), Status: StatusNames.ParseExecutionStatus(reader.GetString(1))), ct)
                        .ConfigureAwait(false);
                    if (run.Count == 0 || !string.Equals(run[0].Org, orgId, StringComparison.Ordinal))
                    {
                        return new SignalDelivery(SignalDeliveryStatus.ExecutionNotFound, null);
                    }

                    return wait is null ? new SignalDelivery(SignalDeliveryStatus.NotWaiting, null)
                        : wait.Status != SignalWaitStatus.Waiting ? new SignalDelivery(SignalDeliveryStatus.AlreadyResolved, wait)
                        : new SignalDelivery(SignalDeliveryStatus.ExecutionFinished, wait);
                },
                cancellationToken).ConfigureAwait(false);
            if (delivery.Status == SignalDeliveryStatus.Delivered)
            {
                localSignal.Notify();
            }

            return delivery;
        }
    }

    public Task<SignalWait> TimeOutAsync(
        string executionId, string name, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        writer.WriteAsync(
            $"Ending the wait for signal '{name}' of execution '{executionId}' by its timeout",
            async (session, ct) =>
            {
                using (var timeOut = session.CreateCommand(TimeOutSql))
                {
                    timeOut.AddParameter("@now", DbValues.ToUnixMs(at));
                    timeOut.AddParameter("@execution_id", executionId);
                    timeOut.AddParameter("@name", name);
                    await timeOut.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return await ReadOneAsync(session.CreateCommand(GetSql), executionId, name, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Execution '{executionId}' has no wait for signal '{name}'.");
            },
            cancellationToken);

    public async Task<bool> ParkAsync(
        string executionId, string owner, DateTimeOffset resumeAt, IReadOnlyCollection<string> names, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        var (parked, woken) = await writer.WriteAsync(
            $"Parking execution '{executionId}'",
            async (session, ct) =>
            {
                using (var park = session.CreateCommand(ParkSql))
                {
                    park.AddParameter("@resume_at", DbValues.ToUnixMs(resumeAt));
                    park.AddParameter("@execution_id", executionId);
                    park.AddParameter("@owner", owner);
                    if (await park.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                    {
                        return (false, false);
                    }
                }

                if (names.Count == 0 || !await AnyAnsweredAsync(session, executionId, names, ct).ConfigureAwait(false))
                {
                    return (true, false);
                }

                using (var wake = session.CreateCommand(WakeSql))
                {
                    wake.AddParameter("@now", DbValues.ToUnixMs(now));
                    wake.AddParameter("@execution_id", executionId);
                    await wake.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                if (session.Dialect.NotifyWorkSql is { } notifySql)
                {
                    using var notify = session.CreateCommand(notifySql);
                    await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return (true, true);
            },
            cancellationToken).ConfigureAwait(false);
        if (woken)
        {
            localSignal.Notify();
        }

        return parked;
    }

    public Task<IReadOnlyList<SignalWait>> ListAsync(SignalWaitQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "organization id");
        var sql = new StringBuilder($"SELECT {Columns} FROM execution_signals WHERE org_id = @org_id");
        if (query.Status is not null)
        {
            sql.Append(" AND status = @status");
        }

        if (query.Workflow is not null)
        {
            sql.Append(" AND workflow = @workflow");
        }

        if (query.Kind is not null)
        {
            sql.Append(" AND kind = @kind");
        }

        if (query.AfterSince is not null)
        {
            sql.Append(" AND (waiting_since, execution_id, name) > (@after_since, @after_id, @after_name)");
        }

        sql.Append(" ORDER BY waiting_since, execution_id, name LIMIT @limit");
        return readers.ReadAsync(
            $"Listing the waits of organization '{query.OrgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(sql.ToString());
                command.AddParameter("@org_id", query.OrgId);
                if (query.Status is { } status)
                {
                    command.AddParameter("@status", StatusName(status));
                }

                if (query.Workflow is not null)
                {
                    command.AddParameter("@workflow", query.Workflow);
                }

                if (query.Kind is not null)
                {
                    command.AddParameter("@kind", query.Kind);
                }

                if (query.AfterSince is { } since)
                {
                    command.AddParameter("@after_since", DbValues.ToUnixMs(since));
                    command.AddParameter("@after_id", query.AfterExecutionId ?? string.Empty);
                    command.AddParameter("@after_name", query.AfterName ?? string.Empty);
                }

                command.AddParameter("@limit", Math.Clamp(query.Limit, 1, 1000));
                return await RecordReaders.ReadAllAsync(command, Read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SignalWait>> ListForExecutionAsync(string executionId, CancellationToken cancellationToken = default) =>
        readers.ReadAsync(
            $"Listing the waits of execution '{executionId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ForExecutionSql);
                command.AddParameter("@execution_id", executionId);
                return await RecordReaders.ReadAllAsync(command, Read, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public static string StatusName(SignalWaitStatus status) => status switch
    {
        SignalWaitStatus.Waiting => "waiting",
        SignalWaitStatus.Received => "received",
        SignalWaitStatus.TimedOut => "timed_out",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown wait status."),
    };

    private static async Task<bool> AnyAnsweredAsync(
        WriterSession session, string executionId, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        var sql = new StringBuilder(
            "SELECT COUNT(*) FROM execution_signals WHERE execution_id = @execution_id AND status <> 'waiting' AND name IN (");
        var i = 0;
        foreach (var _ in names)
        {
            sql.Append(i == 0 ? "@n0" : string.Create(CultureInfo.InvariantCulture, $", @n{i}"));
            i++;
        }

        using var command = session.CreateCommand(sql.Append(')').ToString());
        command.AddParameter("@execution_id", executionId);
        i = 0;
        foreach (var name in names)
        {
            command.AddParameter(string.Create(CultureInfo.InvariantCulture, $"@n{i++}"), name);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<SignalWait?> ReadOneAsync(DbCommand command, string executionId, string name, CancellationToken ct)
    {
        using (command)
        {
            command.AddParameter("@execution_id", executionId);
            command.AddParameter("@name", name);
            return await RecordReaders.ReadSingleAsync(command, Read, ct).ConfigureAwait(false);
        }
    }

    private static SignalWait Read(DbDataReader reader)
    {
        var owner = $"the wait for signal '{reader.GetString(1)}' of execution '{reader.GetString(0)}'";
        return new SignalWait(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetString(5) switch
            {
                "waiting" => SignalWaitStatus.Waiting,
                "received" => SignalWaitStatus.Received,
                "timed_out" => SignalWaitStatus.TimedOut,
                var other => throw new StorageException($"The database holds an unknown wait status '{other}'."),
            },
            DbValues.FromUnixMs(reader.GetInt64(6)),
            reader.GetUnixMsOrNull(7),
            reader.GetJsonOrNull(8, owner) as JsonObject,
            reader.GetJsonOrNull(9, owner),
            reader.GetStringOrNull(10),
            reader.GetUnixMsOrNull(11));
    }
}
