using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The audit log over ADO.NET: appends through the single writer; lists newest first with keyset pagination on
/// (at, id), as <see cref="ExecutionQueries"/> does for runs.
/// </summary>
internal sealed class AuditStore : IAuditStore
{
    public const int MaxLimit = 1000;

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public AuditStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task AppendAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        InsertAuditStatement.Validate(entry);
        return _writer.WriteAsync(
            $"Appending audit entry '{entry.Action}'",
            async (session, ct) =>
            {
                var command = session.Prepared(InsertAuditStatement.Sql, InsertAuditStatement.Parameters);
                InsertAuditStatement.Bind(command, entry);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "org id");
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(query), query.Limit, $"The page size must be from 1 to {MaxLimit}.");
        }

        var sql = new StringBuilder($"SELECT {IdentityReaders.AuditColumns} FROM audit_log WHERE org_id = @org_id");
        AppendIf(sql, query.Actor is not null, " AND actor_id = @actor");
        AppendIf(sql, query.Action is not null, " AND action = @action");
        AppendIf(sql, query.Resource is not null, " AND resource_id = @resource");
        AppendIf(sql, query.Since is not null, " AND at >= @since");
        AppendIf(sql, query.Until is not null, " AND at < @until");
        AppendIf(sql, query.After is not null, " AND (at < @after_at OR (at = @after_at AND id < @after_id))");
        sql.Append(" ORDER BY at DESC, id DESC LIMIT @limit");
        return _readers.ReadAsync(
            $"Listing the audit log of org '{query.OrgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(sql.ToString());
                command.AddParameter("@org_id", query.OrgId);
                AddIf(command, "@actor", query.Actor);
                AddIf(command, "@action", query.Action);
                AddIf(command, "@resource", query.Resource);
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
                    command.AddParameter("@after_at", DbValues.ToUnixMs(after.At));
                    command.AddParameter("@after_id", after.Id);
                }

                // One more than asked for tells whether another page follows.
                command.AddParameter("@limit", query.Limit + 1);
                var rows = await RecordReaders.ReadAllAsync(command, IdentityReaders.ReadAudit, ct).ConfigureAwait(false);
                if (rows.Count <= query.Limit)
                {
                    return new AuditPage(rows, null);
                }

                var items = rows.Take(query.Limit).ToList();
                var last = items[^1];
                return new AuditPage(items, new AuditCursor(last.At, last.Id));
            },
            cancellationToken);
    }

    private static void AppendIf(StringBuilder sql, bool condition, string clause)
    {
        if (condition)
        {
            sql.Append(clause);
        }
    }

    private static void AddIf(System.Data.Common.DbCommand command, string name, string? value)
    {
        if (value is not null)
        {
            command.AddParameter(name, value);
        }
    }
}
