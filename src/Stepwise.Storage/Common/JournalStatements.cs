using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The prepared statements the journal writes with. Each is created once per writer connection, on first use, and
/// re-bound to every batch's transaction; a write only sets parameter values.
/// </summary>
internal sealed class JournalStatements : IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly DbConnection _connection;
    private UpsertStepStatement? _step;
    private UpdateStatusStatement? _status;
    private InsertLogStatement? _log;
    private InsertExecutionStatement? _execution;
    private PreparedWrite? _audit;
    private DbTransaction? _transaction;

    public JournalStatements(SqlDialect dialect, DbConnection connection)
    {
        _dialect = dialect;
        _connection = connection;
    }

    public static string Describe(JournalEntry entry) => entry switch
    {
        StepWritten written =>
            $"Writing attempt {written.Step.Attempt} of step '{written.Step.StepId}' of execution '{written.ExecutionId}'",
        ExecutionStatusWritten changed =>
            $"Writing status '{StatusText.ToText(changed.Status)}' of execution '{changed.ExecutionId}'",
        LogWritten => $"Writing a log line of execution '{entry.ExecutionId}'",
        ExecutionWritten whole =>
            $"Writing execution '{whole.ExecutionId}' ({StatusText.ToText(whole.Execution.Status)}, {whole.Steps.Count} steps)",
        _ => $"Writing a {entry.GetType().Name} of execution '{entry.ExecutionId}'",
    };

    public void Bind(DbTransaction batchTransaction)
    {
        _transaction = batchTransaction;
        _step?.Transaction = batchTransaction;
        _status?.Transaction = batchTransaction;
        _log?.Transaction = batchTransaction;
        _execution?.Transaction = batchTransaction;
        _audit?.Transaction = batchTransaction;
    }

    public ValueTask WriteAsync(JournalEntry entry, CancellationToken cancellationToken) => entry switch
    {
        StepWritten written => (_step ??= new UpsertStepStatement(_dialect, _connection, _transaction))
            .ExecuteAsync(written.Step, cancellationToken),
        ExecutionStatusWritten changed => (_status ??= new UpdateStatusStatement(_connection, _transaction))
            .ExecuteAsync(changed, cancellationToken),
        LogWritten line => (_log ??= new InsertLogStatement(_connection, _transaction))
            .ExecuteAsync(line.Line, cancellationToken),
        ExecutionWritten whole => WriteWholeAsync(whole, cancellationToken),
        _ => throw new ArgumentException(
            $"The journal cannot write entries of type {entry.GetType().Name}.", nameof(entry)),
    };

    /// <summary>A run written whole: its row, then its steps, logs and start's audit entry, in the batch's one transaction.</summary>
    private async ValueTask WriteWholeAsync(ExecutionWritten whole, CancellationToken cancellationToken)
    {
        await (_execution ??= new InsertExecutionStatement(_dialect, _connection, _transaction))
            .ExecuteAsync(whole.Execution, whole.LeaseOwner, whole.LeaseUntil, cancellationToken).ConfigureAwait(false);
        foreach (var step in whole.Steps)
        {
            await (_step ??= new UpsertStepStatement(_dialect, _connection, _transaction)).ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
        }

        foreach (var line in whole.Logs)
        {
            await (_log ??= new InsertLogStatement(_connection, _transaction)).ExecuteAsync(line, cancellationToken).ConfigureAwait(false);
        }

        if (whole.StartAudit is { } audit)
        {
            InsertAuditStatement.Validate(audit);
            _audit ??= _dialect.PrepareWrite(_connection, _transaction, InsertAuditStatement.Sql, InsertAuditStatement.Parameters);
            InsertAuditStatement.Bind(_audit, audit);
            await _audit.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_execution is not null)
        {
            await _execution.DisposeAsync().ConfigureAwait(false);
        }

        if (_step is not null)
        {
            await _step.DisposeAsync().ConfigureAwait(false);
        }

        if (_status is not null)
        {
            await _status.DisposeAsync().ConfigureAwait(false);
        }

        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }

        if (_audit is not null)
        {
            await _audit.DisposeAsync().ConfigureAwait(false);
        }
    }
}
