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

    private readonly DbCommand _command;

    public UpsertStepStatement(DbConnection connection, DbTransaction? transaction)
    {
        _command = connection.CreateCommand(Sql);
        _command.Transaction = transaction;
        _command.AddParameter("@execution_id");
        _command.AddParameter("@step_id");
        _command.AddParameter("@attempt");
        _command.AddParameter("@node_id");
        _command.AddParameter("@status");
        _command.AddParameter("@input");
        _command.AddParameter("@output");
        _command.AddParameter("@error");
        _command.AddParameter("@started_at");
        _command.AddParameter("@finished_at");
        _command.AddParameter("@due_at");
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    public async ValueTask ExecuteAsync(StepRecord step, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Values(step))
        {
            _command.Parameters[name].Value = value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
