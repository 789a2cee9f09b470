using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Inserts a run's row as the record states it, with its lease (none for a finished run).</summary>
internal sealed class InsertExecutionStatement : IAsyncDisposable
{
    internal const string Sql = """
        INSERT INTO executions (id, org_id, workflow, version, status, priority, params, output, error,
                                parent_execution_id, parent_step_id, created_at, started_at, finished_at, trigger_info,
                                lease_owner, lease_until)
        VALUES (@id, @org_id, @workflow, @version, @status, @priority, @params, @output, @error,
                @parent_execution_id, @parent_step_id, @created_at, @started_at, @finished_at, @trigger_info,
                @lease_owner, @lease_until)
        """;

    // Only to name the parameters once, from the same list the values come from.
    private static readonly ExecutionRecord Empty = new(
        "", "", "", 0, ExecutionStatus.Pending, 0, [], null, null, null, null, DateTimeOffset.UnixEpoch, null, null);

    private static readonly string[] ParameterNames = [.. Values(Empty, null, null).Select(value => value.Name)];

    private readonly PreparedWrite _write;

    public InsertExecutionStatement(SqlDialect dialect, DbConnection connection, DbTransaction? transaction)
    {
        _write = dialect.PrepareWrite(connection, transaction, Sql, ParameterNames);
    }

    public DbTransaction? Transaction
    {
        set => _write.Transaction = value;
    }

    public async ValueTask ExecuteAsync(ExecutionRecord execution, string? owner, DateTimeOffset? leaseUntil, CancellationToken cancellationToken)
    {
        // Set by position, in the order of Values (which names the parameters), without its array or a string of each
        // JSON column: one run's row per webhook run, the hottest write there is.
        _write.Set(0, execution.Id);
        _write.Set(1, execution.OrgId);
        _write.Set(2, execution.Workflow);
        _write.SetInt64(3, execution.Version);
        _write.Set(4, StatusText.ToText(execution.Status));
        _write.SetInt64(5, execution.Priority);
        _write.SetJson(6, execution.Params);
        _write.SetJson(7, execution.Output);
        _write.Set(8, DbValues.TextOrNull(execution.Error));
        _write.Set(9, DbValues.TextOrNull(execution.ParentExecutionId));
        _write.Set(10, DbValues.TextOrNull(execution.ParentStepId));
        _write.SetInt64(11, DbValues.ToUnixMs(execution.CreatedAt));
        SetTime(12, execution.StartedAt);
        SetTime(13, execution.FinishedAt);
        _write.SetJson(14, execution.Trigger);
        _write.Set(15, DbValues.TextOrNull(owner));
        SetTime(16, leaseUntil);
        await _write.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    private void SetTime(int index, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            _write.SetInt64(index, DbValues.ToUnixMs(value));
        }
        else
        {
            _write.Set(index, DBNull.Value);
        }
    }

    /// <summary>
    /// The parameter values of <see cref="Sql"/>, for <see cref="ExecutionStore"/>'s one-off inserts and the parameters'
    /// names. <see cref="ExecuteAsync"/> sets the same values in the same order.
    /// </summary>
    internal static (string Name, object Value)[] Values(ExecutionRecord execution, string? owner, DateTimeOffset? leaseUntil) =>
    [
        ("@id", execution.Id),
        ("@org_id", execution.OrgId),
        ("@workflow", execution.Workflow),
        ("@version", execution.Version),
        ("@status", StatusText.ToText(execution.Status)),
        ("@priority", execution.Priority),
        ("@params", DbValues.Json(execution.Params)),
        ("@output", DbValues.JsonOrNull(execution.Output)),
        ("@error", DbValues.TextOrNull(execution.Error)),
        ("@parent_execution_id", DbValues.TextOrNull(execution.ParentExecutionId)),
        ("@parent_step_id", DbValues.TextOrNull(execution.ParentStepId)),
        ("@created_at", DbValues.ToUnixMs(execution.CreatedAt)),
        ("@started_at", DbValues.ToUnixMsOrNull(execution.StartedAt)),
        ("@finished_at", DbValues.ToUnixMsOrNull(execution.FinishedAt)),
        ("@trigger_info", DbValues.JsonOrNull(execution.Trigger)),
        ("@lease_owner", DbValues.TextOrNull(owner)),
        ("@lease_until", DbValues.ToUnixMsOrNull(leaseUntil)),
    ];

    public ValueTask DisposeAsync() => _write.DisposeAsync();
}
