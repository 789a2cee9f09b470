using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Writes one step attempt, inserting it or replacing the attempt already written.</summary>
internal sealed class UpsertStepStatement : IAsyncDisposable
{
    // seq numbers a run's steps in the order first written; an upsert of an existing attempt keeps its seq.
    private const string Sql = """
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

    private readonly DbCommand command;
    private readonly DbParameter executionId;
    private readonly DbParameter stepId;
    private readonly DbParameter attempt;
    private readonly DbParameter nodeId;
    private readonly DbParameter status;
    private readonly DbParameter input;
    private readonly DbParameter output;
    private readonly DbParameter error;
    private readonly DbParameter startedAt;
    private readonly DbParameter finishedAt;
    private readonly DbParameter dueAt;

    public UpsertStepStatement(DbConnection connection, DbTransaction? transaction)
    {
        command = connection.CreateCommand(Sql);
        command.Transaction = transaction;
        executionId = command.AddParameter("@execution_id");
        stepId = command.AddParameter("@step_id");
        attempt = command.AddParameter("@attempt");
        nodeId = command.AddParameter("@node_id");
        status = command.AddParameter("@status");
        input = command.AddParameter("@input");
        output = command.AddParameter("@output");
        error = command.AddParameter("@error");
        startedAt = command.AddParameter("@started_at");
        finishedAt = command.AddParameter("@finished_at");
        dueAt = command.AddParameter("@due_at");
    }

    public DbTransaction? Transaction
    {
        set => command.Transaction = value;
    }

    public async ValueTask ExecuteAsync(StepRecord step, CancellationToken cancellationToken)
    {
        executionId.Value = step.ExecutionId;
        stepId.Value = step.StepId;
        attempt.Value = step.Attempt;
        nodeId.Value = step.NodeId;
        status.Value = StatusText.ToText(step.Status);
        input.Value = DbValues.JsonOrNull(step.Input);
        output.Value = DbValues.JsonOrNull(step.Output);
        error.Value = DbValues.TextOrNull(step.Error);
        startedAt.Value = DbValues.ToUnixMs(step.StartedAt);
        finishedAt.Value = DbValues.ToUnixMsOrNull(step.FinishedAt);
        dueAt.Value = DbValues.ToUnixMsOrNull(step.DueAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
