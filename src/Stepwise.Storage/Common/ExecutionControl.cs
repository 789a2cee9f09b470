using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Reopens finished runs through the single writer, ordered after journal entries appended before it.</summary>
internal sealed class ExecutionControl : IExecutionControl
{
    private const string FinishedSqlList = "'succeeded', 'failed', 'cancelled', 'timed_out', 'compensated'";

    // A retry clears the outcome and starts the clock again; a compensation keeps the error that explains it.
    private const string ReopenSql = $"""
        UPDATE executions SET
            status = @status,
            output = NULL,
            error = CASE WHEN @status = 'pending' THEN NULL ELSE error END,
            started_at = CASE WHEN @status = 'pending' THEN @now ELSE started_at END,
            finished_at = NULL,
            lease_owner = NULL,
            lease_until = NULL
        WHERE id = @id AND status IN ({FinishedSqlList})
        """;

    private readonly StorageWriter writer;

    public ExecutionControl(StorageWriter writer)
    {
        this.writer = writer;
    }

    public Task<bool> ReopenAsync(string id, ExecutionStatus status, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "execution id");
        if (status is not (ExecutionStatus.Pending or ExecutionStatus.Compensating))
        {
            throw new ArgumentOutOfRangeException(
                nameof(status), status, "A finished run can only be reopened as pending or compensating.");
        }

        return writer.WriteAsync(
            $"Reopening execution '{id}' as {StatusNames.ToText(status)}",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ReopenSql);
                command.AddParameter("@id", id);
                command.AddParameter("@status", StatusNames.ToText(status));
                command.AddParameter("@now", DbValues.ToUnixMs(now));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
