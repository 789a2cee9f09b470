using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Records, their processors and their runs over ADO.NET; every statement is filtered by organization.</summary>
internal sealed partial class RecordStore(StorageWriter writer, ReaderConnections readers) : IRecordStore
{
    private const string InsertSql = $"""
        INSERT INTO records (id, org_id, source, category, status, payload, created_at, updated_at)
        VALUES (@id, @org_id, @source, @category, '{RecordStatuses.Pending}', @payload, @now, @now)
        RETURNING {RecordRows.Columns}
        """;

    private const string GetSql = $"SELECT {RecordRows.Columns} FROM records WHERE org_id = @org_id AND id = @id";

    // One statement decides who processes the record: whichever claim commits first changes the status, the other
    // finds no row to update. A lapsed claim (its node died) can be taken over.
    private const string ClaimSql = $"""
        UPDATE records
        SET status = '{RecordStatuses.Processing}', execution_id = @execution_id, attempts = attempts + 1,
            claim_until = @until, output = NULL, error = NULL, updated_at = @now
        WHERE org_id = @org_id AND id = @id
          AND (status IN (@s0, @s1, @s2) OR (status = '{RecordStatuses.Processing}' AND claim_until < @now))
        RETURNING {RecordRows.Columns}
        """;

    private const string LinkSql = """
        INSERT INTO record_runs (record_id, execution_id, org_id, created_at) VALUES (@id, @execution_id, @org_id, @now)
        ON CONFLICT (record_id, execution_id) DO NOTHING
        """;

    private const string CompleteSql = $"""
        UPDATE records
        SET status = @status, output = @output, error = @error, claim_until = NULL, updated_at = @now
        WHERE org_id = @org_id AND id = @id AND execution_id = @execution_id AND status = '{RecordStatuses.Processing}'
        RETURNING {RecordRows.Columns}
        """;

    private const string FailUnstartedSql = $"""
        UPDATE records
        SET status = '{RecordStatuses.Failed}', execution_id = NULL, attempts = attempts + 1, claim_until = NULL,
            output = NULL, error = @error, updated_at = @now
        WHERE org_id = @org_id AND id = @id
          AND (status IN (@s0, @s1, @s2) OR (status = '{RecordStatuses.Processing}' AND claim_until < @now))
        RETURNING {RecordRows.Columns}
        """;

    private const string RunsSql = """
        SELECT record_id, execution_id, created_at FROM record_runs
        WHERE org_id = @org_id AND record_id = @id ORDER BY created_at DESC, execution_id DESC
        """;

    public Task<IReadOnlyList<StoredRecord>> CreateAsync(IReadOnlyList<NewRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Require.Text(record.OrgId, "organization id");
            Require.Text(record.Id, "record id");
        }

        return writer.WriteAsync<IReadOnlyList<StoredRecord>>(
            $"Storing {records.Count} record(s)",
            async (session, ct) =>
            {
                var stored = new List<StoredRecord>(records.Count);
                foreach (var record in records)
                {
                    using var insert = session.CreateCommand(InsertSql);
                    insert.AddParameter("@id", record.Id);
                    insert.AddParameter("@org_id", record.OrgId);
                    insert.AddParameter("@source", record.Source);
                    insert.AddParameter("@category", record.Category);
                    insert.AddParameter("@payload", DbValues.JsonOrNull(record.Payload));
                    insert.AddParameter("@now", DbValues.ToUnixMs(record.CreatedAt));
                    stored.Add(await RecordReaders.ReadSingleAsync(insert, RecordRows.Read, ct).ConfigureAwait(false)
                        ?? throw new StorageException($"Record '{record.Id}' was not returned by its insert."));
                }

                return stored;
            },
            cancellationToken);
    }

    public Task<StoredRecord?> GetAsync(string orgId, string id, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(id, "record id");
        return readers.ReadAsync(
            $"Reading record '{id}' of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@id", id);
                return await RecordReaders.ReadSingleAsync(command, RecordRows.Read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<StoredRecord?> ClaimAsync(RecordClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        Require.Text(claim.OrgId, "organization id");
        Require.Text(claim.RecordId, "record id");
        if (claim.FromStatuses.Count is 0 or > 3)
        {
            throw new ArgumentException("A claim names one to three statuses it starts from.", nameof(claim));
        }

        return writer.WriteAsync(
            $"Claiming record '{claim.RecordId}' of organization '{claim.OrgId}'",
            async (session, ct) =>
            {
                StoredRecord? claimed;
                using (var update = session.CreateCommand(ClaimSql))
                {
                    update.AddParameter("@org_id", claim.OrgId);
                    update.AddParameter("@id", claim.RecordId);
                    update.AddParameter("@execution_id", claim.ExecutionId);
                    update.AddParameter("@until", DbValues.ToUnixMs(claim.Until));
                    update.AddParameter("@now", DbValues.ToUnixMs(claim.Now));
                    for (var i = 0; i < 3; i++)
                    {
                        update.AddParameter($"@s{i}", claim.FromStatuses[Math.Min(i, claim.FromStatuses.Count - 1)]);
                    }

                    claimed = await RecordReaders.ReadSingleAsync(update, RecordRows.Read, ct).ConfigureAwait(false);
                }

                if (claimed is not null)
                {
                    using var link = session.CreateCommand(LinkSql);
                    link.AddParameter("@id", claim.RecordId);
                    link.AddParameter("@execution_id", claim.ExecutionId);
                    link.AddParameter("@org_id", claim.OrgId);
                    link.AddParameter("@now", DbValues.ToUnixMs(claim.Now));
                    await link.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                return claimed;
            },
            cancellationToken);
    }

    public Task<StoredRecord?> CompleteAsync(
        string orgId, string id, string executionId, bool succeeded, JsonNode? output, string? error, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(id, "record id");
        Require.Text(executionId, "execution id");
        return writer.WriteAsync(
            $"Completing record '{id}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var update = session.CreateCommand(CompleteSql);
                update.AddParameter("@org_id", orgId);
                update.AddParameter("@id", id);
                update.AddParameter("@execution_id", executionId);
                update.AddParameter("@status", succeeded ? RecordStatuses.Processed : RecordStatuses.Failed);
                update.AddParameter("@output", DbValues.JsonOrNull(output));
                update.AddParameter("@error", DbValues.TextOrNull(succeeded ? null : error ?? "the run failed"));
                update.AddParameter("@now", DbValues.ToUnixMs(now));
                return await RecordReaders.ReadSingleAsync(update, RecordRows.Read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<StoredRecord?> FailUnstartedAsync(
        string orgId, string id, IReadOnlyList<string> fromStatuses, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(id, "record id");
        ArgumentNullException.ThrowIfNull(fromStatuses);
        if (fromStatuses.Count is 0 or > 3)
        {
            throw new ArgumentException("A record fails from one to three statuses.", nameof(fromStatuses));
        }

        return writer.WriteAsync(
            $"Failing record '{id}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var update = session.CreateCommand(FailUnstartedSql);
                update.AddParameter("@org_id", orgId);
                update.AddParameter("@id", id);
                update.AddParameter("@error", error);
                update.AddParameter("@now", DbValues.ToUnixMs(now));
                for (var i = 0; i < 3; i++)
                {
                    update.AddParameter($"@s{i}", fromStatuses[Math.Min(i, fromStatuses.Count - 1)]);
                }

                return await RecordReaders.ReadSingleAsync(update, RecordRows.Read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RecordRunLink>> ListRunsAsync(string orgId, string id, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(id, "record id");
        return readers.ReadAsync(
            $"Listing the runs of record '{id}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(RunsSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@id", id);
                return await RecordReaders.ReadAllAsync(
                    command,
                    reader => new RecordRunLink(reader.GetString(0), reader.GetString(1), DbValues.FromUnixMs(reader.GetInt64(2))),
                    ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
