using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Writes a run's status change.</summary>
internal sealed class UpdateStatusStatement : IAsyncDisposable
{
    // The entry states the run's status in full: output and error take the entry's values, started_at is set the
    // first time the run leaves pending, finished_at is set when it finishes and cleared when a retry resumes it.
    private const string Sql = """
        UPDATE executions SET
            status = @status,
            output = @output,
            error = @error,
            started_at = CASE WHEN started_at IS NULL AND @status <> 'pending' THEN @at ELSE started_at END,
            finished_at = CASE WHEN @finished = 1 THEN @at ELSE NULL END
        WHERE id = @id
        """;

    private readonly DbCommand command;
    private readonly DbParameter id;
    private readonly DbParameter status;
    private readonly DbParameter output;
    private readonly DbParameter error;
    private readonly DbParameter at;
    private readonly DbParameter finished;

    public UpdateStatusStatement(DbConnection connection, DbTransaction? transaction)
    {
        command = connection.CreateCommand(Sql);
        command.Transaction = transaction;
        id = command.AddParameter("@id");
        status = command.AddParameter("@status");
        output = command.AddParameter("@output");
        error = command.AddParameter("@error");
        at = command.AddParameter("@at");
        finished = command.AddParameter("@finished");
    }

    public DbTransaction? Transaction
    {
        set => command.Transaction = value;
    }

    /// <summary>Applies the change; a run that does not exist is an error naming it.</summary>
    public async ValueTask ExecuteAsync(ExecutionStatusWritten change, CancellationToken cancellationToken)
    {
        id.Value = change.Id;
        status.Value = StatusText.ToText(change.Status);
        output.Value = DbValues.JsonOrNull(change.Output);
        error.Value = DbValues.TextOrNull(change.Error);
        at.Value = DbValues.ToUnixMs(change.At);
        finished.Value = StatusNames.IsFinished(change.Status) ? 1 : 0;
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new StorageNotFoundException(
                $"{JournalStatements.Describe(change)} failed: execution '{change.Id}' does not exist.");
        }
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
