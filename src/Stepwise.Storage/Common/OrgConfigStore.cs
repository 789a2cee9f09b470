using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Configuration key/values per organization over ADO.NET, values as JSON text.</summary>
internal sealed class OrgConfigStore(StorageWriter writer, ReaderConnections readers) : IOrgConfigStore
{
    private const string UpsertSql = """
        INSERT INTO org_config (org_id, key, value, created_at, updated_at)
        VALUES (@org_id, @key, @value, @now, @now)
        ON CONFLICT (org_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """;

    private const string GetSql = $"SELECT {OrgDataReaders.ConfigColumns} FROM org_config WHERE org_id = @org_id AND key = @key";

    private const string ListSql = $"SELECT {OrgDataReaders.ConfigColumns} FROM org_config WHERE org_id = @org_id ORDER BY key";

    private const string DeleteSql = "DELETE FROM org_config WHERE org_id = @org_id AND key = @key";

    public Task<ConfigEntryRecord> PutAsync(
        string orgId, string key, JsonNode? value, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, "configuration key");

        // JSON null is stored as the text "null": the column holds a value even when the value is null.
        var text = value?.ToJsonString() ?? "null";
        return writer.WriteAsync(
            $"Storing configuration key '{key}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using (var upsert = session.CreateCommand(UpsertSql))
                {
                    upsert.AddParameter("@org_id", orgId);
                    upsert.AddParameter("@key", key);
                    upsert.AddParameter("@value", text);
                    upsert.AddParameter("@now", DbValues.ToUnixMs(now));
                    await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                using var read = session.CreateCommand(GetSql);
                read.AddParameter("@org_id", orgId);
                read.AddParameter("@key", key);
                return await RecordReaders.ReadSingleAsync(read, OrgDataReaders.ReadConfig, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Configuration key '{key}' of organization '{orgId}' vanished while being stored.");
            },
            cancellationToken);
    }

    public Task<ConfigEntryRecord?> GetAsync(string orgId, string key, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, "configuration key");
        return readers.ReadAsync(
            $"Reading configuration key '{key}' of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@key", key);
                return await RecordReaders.ReadSingleAsync(command, OrgDataReaders.ReadConfig, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ConfigEntryRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        return readers.ReadAsync(
            $"Listing configuration of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(command, OrgDataReaders.ReadConfig, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string orgId, string key, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, "configuration key");
        return writer.WriteAsync(
            $"Deleting configuration key '{key}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(DeleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@key", key);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
