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

    private const string InsertSql = $"""
        INSERT INTO audit_log ({IdentityReaders.AuditColumns})
        VALUES (@id, @org_id, @at, @actor_type, @actor_id, @action, @resource_type, @resource_id, @outcome,
                @remote_ip, @request_id, @detail)
        """;

    private static readonly string[] InsertParameters =
    [
        "@id", "@org_id", "@at", "@actor_type", "@actor_id", "@action", "@resource_type", "@resource_id", "@outcome",
        "@remote_ip", "@request_id", "@detail",
    ];

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public AuditStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task AppendAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Require.Text(entry.Id, "audit entry id");
        Require.Text(entry.OrgId, "organization of an audit entry");
        Require.Text(entry.Action, "action of an audit entry");
        Require.Text(entry.ActorType, "actor type of an audit entry");
        Require.Text(entry.Outcome, "outcome of an audit entry");
        return _writer.WriteAsync(
            $"Appending audit entry '{entry.Action}'",
            async (session, ct) =>
            {
                var command = session.Prepared(InsertSql, InsertParameters);
                var values = command.Parameters;
                values[0].Value = entry.Id;
                values[1].Value = entry.OrgId;
                values[2].Value = DbValues.ToUnixMs(entry.At);
                values[3].Value = entry.ActorType;
                values[4].Value = DbValues.TextOrNull(entry.ActorId);
                values[5].Value = entry.Action;
                values[6].Value = DbValues.TextOrNull(entry.ResourceType);
                values[7].Value = DbValues.TextOrNull(entry.ResourceId);
                values[8].Value = entry.Outcome;
                values[9].Value = DbValues.TextOrNull(entry.RemoteIp);
                values[10].Value = DbValues.TextOrNull(entry.RequestId);
                values[11].Value = DbValues.TextOrNull(entry.Detail);
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
