using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

internal sealed partial class RecordStore
{
    public Task<RecordPage> ListAsync(RecordListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Text(query.OrgId, "organization id");
        if (query.Limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "A page holds at least one record.");
        }

        // Column names come from this switch, never from input; every value is a parameter.
        var (key, isText) = query.SortBy switch
        {
            RecordSortField.UpdatedAt => ("updated_at", false),
            RecordSortField.Status => ("status", true),
            RecordSortField.Category => ("category", true),
            RecordSortField.Source => ("source", true),
            _ => ("created_at", false),
        };
        var direction = query.Descending ? "DESC" : "ASC";
        var beyond = query.Descending ? "<" : ">";
        var sql = new StringBuilder($"SELECT {RecordRows.Columns} FROM records WHERE org_id = @org_id");
        AppendFilter(sql, "status", query.Status);
        AppendFilter(sql, "category", query.Category);
        AppendFilter(sql, "source", query.Source);
        if (query.After is not null)
        {
            sql.Append(key == "created_at"
                ? $" AND (created_at {beyond} @after_time OR (created_at = @after_time AND id {beyond} @after_id))"
                : $" AND ({key} {beyond} @after_key OR ({key} = @after_key AND (created_at {beyond} @after_time"
                    + $" OR (created_at = @after_time AND id {beyond} @after_id))))");
        }

        sql.Append(key == "created_at"
            ? $" ORDER BY created_at {direction}, id {direction}"
            : $" ORDER BY {key} {direction}, created_at {direction}, id {direction}");
        sql.Append(" LIMIT @limit OFFSET @offset");

        return readers.ReadAsync(
            $"Listing the records of organization '{query.OrgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(sql.ToString());
                command.AddParameter("@org_id", query.OrgId);
                foreach (var (name, value) in new[] { ("@status", query.Status), ("@category", query.Category), ("@source", query.Source) })
                {
                    if (value is not null)
                    {
                        command.AddParameter(name, value);
                    }
                }

                if (query.After is { } after)
                {
                    command.AddParameter("@after_time", after.CreatedAt);
                    command.AddParameter("@after_id", after.Id);
                    if (key != "created_at")
                    {
                        command.AddParameter("@after_key", isText ? after.Text ?? string.Empty : (object)(after.UpdatedAt ?? 0));
                    }
                }

                // One more than the page tells whether another page follows.
                command.AddParameter("@limit", query.Limit + 1);
                command.AddParameter("@offset", query.Offset);
                var rows = await RecordReaders.ReadAllAsync(command, RecordRows.Read, ct).ConfigureAwait(false);
                if (rows.Count <= query.Limit)
                {
                    return new RecordPage(rows, null);
                }

                var items = rows.Take(query.Limit).ToList();
                var last = items[^1];
                var created = DbValues.ToUnixMs(last.CreatedAt);
                var next = query.SortBy switch
                {
                    RecordSortField.UpdatedAt => new RecordCursor(null, DbValues.ToUnixMs(last.UpdatedAt), created, last.Id),
                    RecordSortField.Status => new RecordCursor(last.Status, null, created, last.Id),
                    RecordSortField.Category => new RecordCursor(last.Category, null, created, last.Id),
                    RecordSortField.Source => new RecordCursor(last.Source, null, created, last.Id),
                    _ => new RecordCursor(null, null, created, last.Id),
                };
                return new RecordPage(items, next);
            },
            cancellationToken);
    }

    private static void AppendFilter(StringBuilder sql, string column, string? value)
    {
        if (value is not null)
        {
            sql.Append($" AND {column} = @{column}");
        }
    }
}
