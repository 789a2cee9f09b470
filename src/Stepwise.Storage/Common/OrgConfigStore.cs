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

    private readonly OrgKeyedRows<ConfigEntryRecord> _rows = new(
        writer, readers, "org_config", "key", OrgDataReaders.ConfigColumns, "configuration key", "configuration key",
        OrgDataReaders.ReadConfig);

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

                return await _rows.ReadOneAsync(session.CreateCommand(_rows.GetSql), orgId, key, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Configuration key '{key}' of organization '{orgId}' vanished while being stored.");
            },
            cancellationToken);
    }

    public Task<ConfigEntryRecord?> GetAsync(string orgId, string key, CancellationToken cancellationToken = default) =>
        _rows.GetAsync(orgId, key, cancellationToken);

    public Task<IReadOnlyList<ConfigEntryRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default) =>
        _rows.ListAsync(orgId, cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string key, CancellationToken cancellationToken = default) =>
        _rows.DeleteAsync(orgId, key, cancellationToken);
}
