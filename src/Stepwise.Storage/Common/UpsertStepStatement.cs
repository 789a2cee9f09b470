using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Writes one step attempt, inserting it or replacing the attempt already written.</summary>
internal sealed class UpsertStepStatement : IAsyncDisposable
{
    // seq numbers a run's steps in the order first written; an upsert of an existing attempt keeps its seq.
    internal const string Sql = """
        INSERT INTO steps (execution_id, step_id, attempt, seq, node_id, status, input, output, error,
                           started_at, finished_at, due_at)
        VALUES (@execution_id, @step_id, @attempt,
                (SELECT COALESCE(MAX(s.seq), 0) + 1 FROM steps s WHERE s.execution_id = @execution_id),
                @node_id, @status, @input, @output, @error, @started_at, @finished_at, @due_at)
        ON CONFLICT (execution_id, step_id, attempt) DO UPDATE SET
            node_id = excluded.node_id, status = excluded.status, input = excluded.input, output = excluded.output,
            error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at,
            due_at = excluded.due_at
        """;

    // Only to name the parameters once, from the same list the values come from.
    private static readonly StepRecord Empty = new("", "", "", 0, StepStatus.Pending, null, null, null, DateTimeOffset.UnixEpoch, null, null);

    private static readonly string[] ParameterNames = [.. Values(Empty).Select(value => value.Name)];

    private readonly PreparedWrite _write;

    public UpsertStepStatement(SqlDialect dialect, DbConnection connection, DbTransaction? transaction)
    {
        _write = dialect.PrepareWrite(connection, transaction, Sql, ParameterNames);
    }

    public DbTransaction? Transaction
    {
        set => _write.Transaction = value;
    }

    public async ValueTask ExecuteAsync(StepRecord step, CancellationToken cancellationToken)
    {
        // Set by position in the order of Values (the parameters were prepared in that order), each with its typed
        // setter: on SQLite that binds without the array of values, boxed numbers or the JSON as a string.
        _write.SetText(0, step.ExecutionId);
        _write.SetText(1, step.StepId);
        _write.SetInt32(2, step.Attempt);
        _write.SetText(3, step.NodeId);
        _write.SetText(4, StatusText.ToText(step.Status));
        _write.SetJson(5, step.Input);
        _write.SetJson(6, step.Output);
        _write.SetText(7, step.Error);
        _write.SetInt64(8, DbValues.ToUnixMs(step.StartedAt));
        _write.SetInt64(9, step.FinishedAt?.ToUnixTimeMilliseconds());
        _write.SetInt64(10, step.DueAt?.ToUnixTimeMilliseconds());
        await _write.ExecuteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameter values of <see cref="Sql"/> for <paramref name="step"/>, shared with batched writes.</summary>
    internal static (string Name, object Value)[] Values(StepRecord step) =>
    [
        ("@execution_id", step.ExecutionId),
        ("@step_id", step.StepId),
        ("@attempt", step.Attempt),
        ("@node_id", step.NodeId),
        ("@status", StatusText.ToText(step.Status)),
        ("@input", DbValues.JsonOrNull(step.Input)),
        ("@output", DbValues.JsonOrNull(step.Output)),
        ("@error", DbValues.TextOrNull(step.Error)),
        ("@started_at", DbValues.ToUnixMs(step.StartedAt)),
        ("@finished_at", DbValues.ToUnixMsOrNull(step.FinishedAt)),
        ("@due_at", DbValues.ToUnixMsOrNull(step.DueAt)),
    ];

    public ValueTask DisposeAsync() => _write.DisposeAsync();
}
