using System.Globalization;
using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Queue listing and purge of finished runs. The purge takes at most <see cref="PurgeBatch"/> runs per writer
/// transaction, choosing the ids and deleting their logs, steps and rows in that one transaction, so a large purge
/// never holds the writer for long and a run retried meanwhile (no longer of the status) is left alone; each batch
/// also gives the pages it freed back to the file system where the database needs telling (SQLite). Only
/// portable SQL: PostgreSQL needs the same statements, with <c>FOR UPDATE</c> on the id selection.
/// </summary>
internal sealed class ExecutionAdmin : IExecutionAdmin
{
    public const int MaxLimit = 1000;
    public const int PurgeBatch = 500;

    private const string Filter = "org_id = @org_id AND status = @status";

    private const string QueueOrderSql = $"""
        SELECT {RecordReaders.ExecutionColumns} FROM executions WHERE {Filter}
        ORDER BY priority DESC, created_at, id LIMIT @limit
        """;

    private const string NewestFirstSql = $"""
        SELECT {RecordReaders.ExecutionColumns} FROM executions WHERE {Filter}
        ORDER BY created_at DESC, id DESC LIMIT @limit
        """;

    private const string CountSql = $"SELECT COUNT(*) FROM executions WHERE {Filter}";

    /// <summary>Bounds the statement a purge builds: each excepted workflow is one parameter.</summary>
    public const int MaxExceptWorkflows = 1000;

    private const string PurgeIdsFilter = $"{Filter} AND finished_at IS NOT NULL AND finished_at < @before";

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public ExecutionAdmin(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task<QueuePage> ListAsync(QueueQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "org id");
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"The page size must be from 1 to {MaxLimit}.");
        }

        var status = StatusText.ToText(query.Status);
        return _readers.ReadAsync(
            $"Listing the {status} executions of org '{query.OrgId}'",
            async (connection, ct) =>
            {
                using var list = connection.CreateCommand(StatusNames.IsFinished(query.Status) ? NewestFirstSql : QueueOrderSql);
                list.AddParameter("@org_id", query.OrgId);
                list.AddParameter("@status", status);
                list.AddParameter("@limit", query.Limit);
                var items = await RecordReaders.ReadAllAsync(list, RecordReaders.ReadExecution, ct).ConfigureAwait(false);

                using var count = connection.CreateCommand(CountSql);
                count.AddParameter("@org_id", query.OrgId);
                count.AddParameter("@status", status);
                var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
                return new QueuePage(items, total);
            },
            cancellationToken);
    }

    public async Task<int> PurgeAsync(PurgeQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "org id");
        if (!StatusNames.IsFinished(query.Status))
        {
            throw new ArgumentException(
                $"Only finished runs can be purged, not {StatusText.ToText(query.Status)} ones.", nameof(query));
        }

        if (query.ExceptWorkflows.Count > MaxExceptWorkflows)
        {
            throw new ArgumentException(
                $"A purge can leave at most {MaxExceptWorkflows} workflows alone, got {query.ExceptWorkflows.Count}.",
                nameof(query));
        }

        var status = StatusText.ToText(query.Status);
        var selectSql = PurgeIdsSql(query);
        var purged = 0;
        while (true)
        {
            var batch = await _writer.WriteAsync(
                query.Workflow is null
                    ? $"Purging {status} executions of org '{query.OrgId}'"
                    : $"Purging {status} executions of workflow '{query.Workflow}' in org '{query.OrgId}'",
                async (session, ct) =>
                {
                    var ids = new List<string>(PurgeBatch);
                    using (var select = session.CreateCommand(selectSql))
                    {
                        select.AddParameter("@org_id", query.OrgId);
                        select.AddParameter("@status", status);
                        select.AddParameter("@before", DbValues.ToUnixMs(query.FinishedBefore));
                        select.AddParameter("@limit", PurgeBatch);
                        if (query.Workflow is not null)
                        {
                            select.AddParameter("@workflow", query.Workflow);
                        }

                        for (var i = 0; i < query.ExceptWorkflows.Count; i++)
                        {
                            select.AddParameter(string.Create(CultureInfo.InvariantCulture, $"@x{i}"), query.ExceptWorkflows[i]);
                        }

                        ids.AddRange(await RecordReaders.ReadAllAsync(select, reader => reader.GetString(0), ct).ConfigureAwait(false));
                    }

                    if (ids.Count > 0)
                    {
                        await DeleteAsync(session, "execution_logs", "execution_id", ids, ct).ConfigureAwait(false);
                        await DeleteAsync(session, "steps", "execution_id", ids, ct).ConfigureAwait(false);
                        await DeleteAsync(session, "execution_signals", "execution_id", ids, ct).ConfigureAwait(false);
                        await DeleteAsync(session, "executions", "id", ids, ct).ConfigureAwait(false);
                        if (session.Dialect.ReclaimSpaceSql is { } reclaim)
                        {
                            using var vacuum = session.CreateCommand(reclaim);
                            await vacuum.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                        }
                    }

                    return ids.Count;
                },
                cancellationToken).ConfigureAwait(false);
            purged += batch;
            if (batch < PurgeBatch)
            {
                return purged;
            }
        }
    }

    /// <summary>The id selection of one purge batch; workflow names are parameters, only their count shapes the text.</summary>
    private static string PurgeIdsSql(PurgeQuery query)
    {
        var sql = new StringBuilder("SELECT id FROM executions WHERE ").Append(PurgeIdsFilter);
        if (query.Workflow is not null)
        {
            sql.Append(" AND workflow = @workflow");
        }

        if (query.ExceptWorkflows.Count > 0)
        {
            sql.Append(" AND workflow NOT IN (");
            for (var i = 0; i < query.ExceptWorkflows.Count; i++)
            {
                sql.Append(i == 0 ? "@x0" : string.Create(CultureInfo.InvariantCulture, $", @x{i}"));
            }

            sql.Append(')');
        }

        return sql.Append(" ORDER BY finished_at, id LIMIT @limit").ToString();
    }

    private static async Task DeleteAsync(
        WriterSession session, string table, string column, List<string> ids, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"DELETE FROM {table} WHERE {column} IN (");
        for (var i = 0; i < ids.Count; i++)
        {
            sql.Append(i == 0 ? "@p0" : string.Create(CultureInfo.InvariantCulture, $", @p{i}"));
        }

        using var delete = session.CreateCommand(sql.Append(')').ToString());
        for (var i = 0; i < ids.Count; i++)
        {
            delete.AddParameter(string.Create(CultureInfo.InvariantCulture, $"@p{i}"), ids[i]);
        }

        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
