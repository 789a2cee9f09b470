using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Lists an organization's runs newest first with keyset pagination on (created_at, id): a page costs the same at
/// any depth, and runs created while a caller pages never shift the pages it has not read.
/// </summary>
internal sealed class ExecutionQueries : IExecutionQueries
{
    public const int MaxLimit = 1000;

    private readonly ReaderConnections _readers;

    public ExecutionQueries(ReaderConnections readers)
    {
        _readers = readers;
    }

    public Task<ExecutionPage> ListAsync(ExecutionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "org id");
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(query), query.Limit, $"The page size must be from 1 to {MaxLimit}.");
        }

        var sql = SqlFor(query);
        return _readers.ReadAsync(
            $"Listing the executions of org '{query.OrgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(sql);
                command.AddParameter("@org_id", query.OrgId);
                if (query.Status is { } status)
                {
                    command.AddParameter("@status", StatusText.ToText(status));
                }

                if (query.Workflow is not null)
                {
                    command.AddParameter("@workflow", query.Workflow);
                }

                if (query.Since is { } since)
                {
                    command.AddParameter("@since", DbValues.ToUnixMs(since));
                }

                if (query.Until is { } until)
                {
                    command.AddParameter("@until", DbValues.ToUnixMs(until));
                }

                if (query.After is { } after)
                {
                    command.AddParameter("@after_at", DbValues.ToUnixMs(after.CreatedAt));
                    command.AddParameter("@after_id", after.Id);
                }

                // One more than asked for tells whether another page follows.
                command.AddParameter("@limit", query.Limit + 1);
                var rows = await RecordReaders.ReadAllAsync(command, RecordReaders.ReadExecution, ct).ConfigureAwait(false);
                if (rows.Count <= query.Limit)
                {
                    return new ExecutionPage(rows, null);
                }

                var items = rows.Take(query.Limit).ToList();
                var last = items[^1];
                return new ExecutionPage(items, new ExecutionCursor(last.CreatedAt, last.Id));
            },
            cancellationToken);
    }

    /// <summary>The SQL of a page, with parameters @org_id, @status, @workflow, @since, @until, @after_at, @after_id, @limit as the query uses them.</summary>
    internal static string SqlFor(ExecutionQuery query)
    {
        var sql = new StringBuilder($"SELECT {RecordReaders.ExecutionColumns} FROM executions WHERE org_id = @org_id");
        if (query.Status is not null)
        {
            sql.Append(" AND status = @status");
        }

        if (query.Workflow is not null)
        {
            sql.Append(" AND workflow = @workflow");
        }

        if (query.Since is not null)
        {
            sql.Append(" AND created_at >= @since");
        }

        if (query.Until is not null)
        {
            sql.Append(" AND created_at < @until");
        }

        if (query.After is not null)
        {
            // The first condition bounds the index range on created_at; an OR alone would make the database walk the
            // index from the newest run and filter, so a deep page would cost as much as all the pages before it.
            sql.Append(" AND created_at <= @after_at AND (created_at < @after_at OR id < @after_id)");
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit");
        return sql.ToString();
    }
}
