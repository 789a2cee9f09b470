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
        // Set by position in the order of Values (the parameters were prepared in that order), each with its typed
        // setter: on SQLite that binds without the array of values, boxed numbers or the JSON as strings.
        _write.SetText(0, execution.Id);
        _write.SetText(1, execution.OrgId);
        _write.SetText(2, execution.Workflow);
        _write.SetInt32(3, execution.Version);
        _write.SetText(4, StatusText.ToText(execution.Status));
        _write.SetInt32(5, execution.Priority);
        _write.SetJson(6, execution.Params);
        _write.SetJson(7, execution.Output);
        _write.SetText(8, execution.Error);
        _write.SetText(9, execution.ParentExecutionId);
        _write.SetText(10, execution.ParentStepId);
        _write.SetInt64(11, DbValues.ToUnixMs(execution.CreatedAt));
        _write.SetInt64(12, execution.StartedAt?.ToUnixTimeMilliseconds());
        _write.SetInt64(13, execution.FinishedAt?.ToUnixTimeMilliseconds());
        _write.SetJson(14, execution.Trigger);
        _write.SetText(15, owner);
        _write.SetInt64(16, leaseUntil?.ToUnixTimeMilliseconds());

        await _write.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameter values of <see cref="Sql"/>, shared with <see cref="ExecutionStore"/>'s one-off inserts.</summary>
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
