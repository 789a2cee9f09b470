using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The prepared statements the journal writes with. Each is created once per writer connection, on first use, and
/// re-bound to every batch's transaction; a write only sets parameter values.
/// </summary>
internal sealed class JournalStatements : IAsyncDisposable
{
    private readonly DbConnection connection;
    private UpsertStepStatement? step;
    private UpdateStatusStatement? status;
    private InsertLogStatement? log;
    private DbTransaction? transaction;

    public JournalStatements(DbConnection connection)
    {
        this.connection = connection;
    }

    public static string Describe(JournalEntry entry) => entry switch
    {
        StepWritten written =>
            $"Writing attempt {written.Step.Attempt} of step '{written.Step.StepId}' of execution '{written.ExecutionId}'",
        ExecutionStatusWritten changed =>
            $"Writing status '{StatusText.ToText(changed.Status)}' of execution '{changed.ExecutionId}'",
        LogWritten => $"Writing a log line of execution '{entry.ExecutionId}'",
        _ => $"Writing a {entry.GetType().Name} of execution '{entry.ExecutionId}'",
    };

    public void Bind(DbTransaction batchTransaction)
    {
        transaction = batchTransaction;
        step?.Transaction = batchTransaction;
        status?.Transaction = batchTransaction;
        log?.Transaction = batchTransaction;
    }

    public ValueTask WriteAsync(JournalEntry entry, CancellationToken cancellationToken) => entry switch
    {
        StepWritten written => (step ??= new UpsertStepStatement(connection, transaction))
            .ExecuteAsync(written.Step, cancellationToken),
        ExecutionStatusWritten changed => (status ??= new UpdateStatusStatement(connection, transaction))
            .ExecuteAsync(changed, cancellationToken),
        LogWritten line => (log ??= new InsertLogStatement(connection, transaction))
            .ExecuteAsync(line.Line, cancellationToken),
        _ => throw new ArgumentException(
            $"The journal cannot write entries of type {entry.GetType().Name}.", nameof(entry)),
    };

    public async ValueTask DisposeAsync()
    {
        if (step is not null)
        {
            await step.DisposeAsync().ConfigureAwait(false);
        }

        if (status is not null)
        {
            await status.DisposeAsync().ConfigureAwait(false);
        }

        if (log is not null)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
