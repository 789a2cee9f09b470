using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The three prepared statements the journal writes with. Each is created once per writer connection; a batch only
/// sets parameter values, so a write allocates little beyond its JSON text.
/// </summary>
internal sealed class JournalStatements : IAsyncDisposable
{
    // seq numbers a run's steps in the order first written; an upsert of an existing attempt keeps its seq.
    private const string UpsertStepSql = """
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

    // The entry states the run's status in full: output and error take the entry's values, started_at is set the
    // first time the run leaves pending, finished_at is set when it finishes and cleared when a retry resumes it.
    private const string UpdateStatusSql = """
        UPDATE executions SET
            status = @status,
            output = @output,
            error = @error,
            started_at = CASE WHEN started_at IS NULL AND @status <> 'pending' THEN @at ELSE started_at END,
            finished_at = CASE WHEN @finished = 1 THEN @at ELSE NULL END
        WHERE id = @id
        """;

    private const string InsertLogSql = """
        INSERT INTO execution_logs (execution_id, step_id, level, message, data, at)
        VALUES (@execution_id, @step_id, @level, @message, @data, @at)
        """;

    private readonly WriterSession session;
    private StepStatement? step;
    private StatusStatement? status;
    private LogStatement? log;
    private DbTransaction? transaction;

    public JournalStatements(WriterSession session)
    {
        this.session = session;
    }

    public static string Describe(JournalEntry entry) => entry switch
    {
        StepWritten written => $"Writing attempt {written.Step.Attempt} of step '{written.Step.StepId}' of execution '{written.ExecutionId}'",
        ExecutionStatusWritten changed => $"Writing status '{StatusNames.ToText(changed.Status)}' of execution '{changed.ExecutionId}'",
        LogWritten => $"Writing a log line of execution '{entry.ExecutionId}'",
        _ => $"Writing a {entry.GetType().Name} of execution '{entry.ExecutionId}'",
    };

    public void Bind(DbTransaction batchTransaction)
    {
        transaction = batchTransaction;
        step?.Command.Transaction = batchTransaction;
        status?.Command.Transaction = batchTransaction;
        log?.Command.Transaction = batchTransaction;
    }

    public async ValueTask WriteAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        switch (entry)
        {
            case StepWritten written:
                await WriteStepAsync(written.Step, cancellationToken).ConfigureAwait(false);
                break;
            case ExecutionStatusWritten changed:
                await WriteStatusAsync(changed, cancellationToken).ConfigureAwait(false);
                break;
            case LogWritten line:
                await WriteLogAsync(line.Line, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException(
                    $"The journal cannot write entries of type {entry.GetType().Name}.", nameof(entry));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (step is not null)
        {
            await step.Command.DisposeAsync().ConfigureAwait(false);
        }

        if (status is not null)
        {
            await status.Command.DisposeAsync().ConfigureAwait(false);
        }

        if (log is not null)
        {
            await log.Command.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask WriteStepAsync(StepRecord record, CancellationToken cancellationToken)
    {
        step ??= new StepStatement(Prepare(UpsertStepSql));
        step.ExecutionId.Value = record.ExecutionId;
        step.StepId.Value = record.StepId;
        step.Attempt.Value = record.Attempt;
        step.NodeId.Value = record.NodeId;
        step.Status.Value = StatusNames.ToText(record.Status);
        step.Input.Value = DbValues.JsonOrNull(record.Input);
        step.Output.Value = DbValues.JsonOrNull(record.Output);
        step.Error.Value = DbValues.TextOrNull(record.Error);
        step.StartedAt.Value = DbValues.ToUnixMs(record.StartedAt);
        step.FinishedAt.Value = DbValues.ToUnixMsOrNull(record.FinishedAt);
        step.DueAt.Value = DbValues.ToUnixMsOrNull(record.DueAt);
        await step.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WriteStatusAsync(ExecutionStatusWritten changed, CancellationToken cancellationToken)
    {
        status ??= new StatusStatement(Prepare(UpdateStatusSql));
        status.Id.Value = changed.Id;
        status.Status.Value = StatusNames.ToText(changed.Status);
        status.Output.Value = DbValues.JsonOrNull(changed.Output);
        status.Error.Value = DbValues.TextOrNull(changed.Error);
        status.At.Value = DbValues.ToUnixMs(changed.At);
        status.Finished.Value = StatusNames.IsFinished(changed.Status) ? 1 : 0;
        var updated = await status.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            throw new StorageNotFoundException($"{Describe(changed)} failed: execution '{changed.Id}' does not exist.");
        }
    }

    private async ValueTask WriteLogAsync(ExecutionLogRecord line, CancellationToken cancellationToken)
    {
        log ??= new LogStatement(Prepare(InsertLogSql));
        log.ExecutionId.Value = line.ExecutionId;
        log.StepId.Value = DbValues.TextOrNull(line.StepId);
        log.Level.Value = StatusNames.ToText(line.Level);
        log.Message.Value = line.Message;
        log.Data.Value = DbValues.JsonOrNull(line.Data);
        log.At.Value = DbValues.ToUnixMs(line.At);
        await log.Command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private DbCommand Prepare(string sql)
    {
        var command = session.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private sealed class StepStatement(DbCommand command)
    {
        public DbCommand Command { get; } = command;
        public DbParameter ExecutionId { get; } = command.AddParameter("@execution_id");
        public DbParameter StepId { get; } = command.AddParameter("@step_id");
        public DbParameter Attempt { get; } = command.AddParameter("@attempt");
        public DbParameter NodeId { get; } = command.AddParameter("@node_id");
        public DbParameter Status { get; } = command.AddParameter("@status");
        public DbParameter Input { get; } = command.AddParameter("@input");
        public DbParameter Output { get; } = command.AddParameter("@output");
        public DbParameter Error { get; } = command.AddParameter("@error");
        public DbParameter StartedAt { get; } = command.AddParameter("@started_at");
        public DbParameter FinishedAt { get; } = command.AddParameter("@finished_at");
        public DbParameter DueAt { get; } = command.AddParameter("@due_at");
    }

    private sealed class StatusStatement(DbCommand command)
    {
        public DbCommand Command { get; } = command;
        public DbParameter Id { get; } = command.AddParameter("@id");
        public DbParameter Status { get; } = command.AddParameter("@status");
        public DbParameter Output { get; } = command.AddParameter("@output");
        public DbParameter Error { get; } = command.AddParameter("@error");
        public DbParameter At { get; } = command.AddParameter("@at");
        public DbParameter Finished { get; } = command.AddParameter("@finished");
    }

    private sealed class LogStatement(DbCommand command)
    {
        public DbCommand Command { get; } = command;
        public DbParameter ExecutionId { get; } = command.AddParameter("@execution_id");
        public DbParameter StepId { get; } = command.AddParameter("@step_id");
        public DbParameter Level { get; } = command.AddParameter("@level");
        public DbParameter Message { get; } = command.AddParameter("@message");
        public DbParameter Data { get; } = command.AddParameter("@data");
        public DbParameter At { get; } = command.AddParameter("@at");
    }
}
