using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Writes a run's status change.</summary>
internal sealed class UpdateStatusStatement : IAsyncDisposable
{
    // The entry states the run's status in full: output and error take the entry's values, started_at is set the
    // first time the run leaves pending, finished_at is set when it finishes and cleared when a retry resumes it.
    // A finished run holds no lease: its final state releases it in the same commit, so the engine need not wait
    // for a separate release (as the in-memory store does).
    internal const string Sql = """
        UPDATE executions SET
            status = @status,
            output = @output,
            error = @error,
            started_at = CASE WHEN started_at IS NULL AND @status <> 'pending' THEN @at ELSE started_at END,
            finished_at = CASE WHEN @finished = 1 THEN @at ELSE NULL END,
            lease_owner = CASE WHEN @finished = 1 THEN NULL ELSE lease_owner END,
            lease_until = CASE WHEN @finished = 1 THEN NULL ELSE lease_until END
        WHERE id = @id
        """;

    private readonly DbCommand _command;

    public UpdateStatusStatement(DbConnection connection, DbTransaction? transaction)
    {
        _command = connection.CreateCommand(Sql);
        _command.Transaction = transaction;
        _command.AddParameter("@id");
        _command.AddParameter("@status");
        _command.AddParameter("@output");
        _command.AddParameter("@error");
        _command.AddParameter("@at");
        _command.AddParameter("@finished");
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    /// <summary>Applies the change; a run that does not exist is an error naming it.</summary>
    public async ValueTask ExecuteAsync(ExecutionStatusWritten change, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Values(change))
        {
            _command.Parameters[name].Value = value;
        }

        if (await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw Missing(change);
        }
    }

    /// <summary>The parameter values of <see cref="Sql"/> for <paramref name="change"/>, shared with batched writes.</summary>
    internal static (string Name, object Value)[] Values(ExecutionStatusWritten change) =>
    [
        ("@id", change.Id),
        ("@status", StatusText.ToText(change.Status)),
        ("@output", DbValues.JsonOrNull(change.Output)),
        ("@error", DbValues.TextOrNull(change.Error)),
        ("@at", DbValues.ToUnixMs(change.At)),
        ("@finished", StatusNames.IsFinished(change.Status) ? 1 : 0),
    ];

    /// <summary>The error of a status change whose run does not exist (no row updated).</summary>
    internal static StorageNotFoundException Missing(ExecutionStatusWritten change) =>
        new($"{JournalStatements.Describe(change)} failed: execution '{change.Id}' does not exist.");

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
