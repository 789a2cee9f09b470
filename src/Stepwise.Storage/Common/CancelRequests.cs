using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Common;

namespace Stepwise.Storage;

/// <summary>
/// Cancel requests for runs another process executes. The node that accepts the request appends a line to the run's
/// log (durable, like any journal entry); the node holding the run's lease finds the lines for its runs with
/// <see cref="ListHeldAsync"/> and stops them at their next step boundary. A node that takes the run over after its
/// owner died finds the request the same way. A retry or compensation requested after the cancel supersedes it.
/// </summary>
public sealed class CancelRequests
{
    public const string Message = "Cancel requested";

    private const string HeldSql = $$"""
        SELECT e.id FROM executions e
        WHERE e.lease_owner = @owner AND e.status IN ({{Common.StatusNames.UnfinishedSqlList}})
          AND EXISTS (
            SELECT 1 FROM execution_logs c
            WHERE c.execution_id = e.id AND c.step_id IS NULL AND c.message = @message
              AND NOT EXISTS (
                SELECT 1 FROM execution_logs r
                WHERE r.execution_id = e.id AND r.id > c.id AND r.step_id IS NULL AND r.data LIKE '{"control":%'))
        """;

    private readonly Common.ReaderConnections _readers;

    internal CancelRequests(Common.ReaderConnections readers)
    {
        _readers = readers;
    }

    /// <summary>The log line that requests the cancel of <paramref name="executionId"/>; append it with the journal.</summary>
    public static LogWritten Line(string executionId, DateTimeOffset at) =>
        new(new ExecutionLogRecord(
            executionId, null, ExecutionLogLevel.Info, Message, new JsonObject { ["cancel_requested"] = true }, at));

    /// <summary>The unfinished runs <paramref name="owner"/> holds whose cancel was requested.</summary>
    public Task<IReadOnlyList<string>> ListHeldAsync(string owner, CancellationToken cancellationToken = default)
    {
        Common.Require.Text(owner, "lease owner");
        return _readers.ReadAsync(
            $"Listing the cancel requests for the runs of '{owner}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(HeldSql);
                command.AddParameter("@owner", owner);
                command.AddParameter("@message", Message);
                return await Common.RecordReaders.ReadAllAsync(command, reader => reader.GetString(0), ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
