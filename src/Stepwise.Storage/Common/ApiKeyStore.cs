using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>API keys over ADO.NET: only hashes and prefixes are stored; writes go through the single writer.</summary>
internal sealed class ApiKeyStore : IApiKeyStore
{
    private const string InsertSql = """
        INSERT INTO api_keys (id, org_id, name, role, is_platform_admin, key_hash, prefix, created_at, revoked_at)
        VALUES (@id, @org_id, @name, @role, @is_platform_admin, @key_hash, @prefix, @created_at, @revoked_at)
        """;

    private const string ByHashSql = $"SELECT {TenancyReaders.ApiKeyColumns} FROM api_keys WHERE key_hash = @key_hash";

    private const string ByIdSql = $"SELECT {TenancyReaders.ApiKeyColumns} FROM api_keys WHERE id = @id";

    // Two statements rather than "@org_id IS NULL OR ...": PostgreSQL cannot type a parameter that is only tested
    // for null, and the org's list can use its index.
    private const string ListAllSql = $"SELECT {TenancyReaders.ApiKeyColumns} FROM api_keys ORDER BY created_at, id";

    private const string ListOrgSql = $"""
        SELECT {TenancyReaders.ApiKeyColumns} FROM api_keys WHERE org_id = @org_id ORDER BY created_at, id
        """;

    private const string RevokeSql = "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public ApiKeyStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        Require.Text(key.Id, "API key id");
        Require.Text(key.OrgId, $"organization of API key '{key.Id}'");
        Require.Text(key.KeyHash, $"hash of API key '{key.Id}'");
        return _writer.WriteAsync(
            $"Creating API key '{key.Id}' in organization '{key.OrgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(InsertSql);
                command.AddParameter("@id", key.Id);
                command.AddParameter("@org_id", key.OrgId);
                command.AddParameter("@name", key.Name);
                command.AddParameter("@role", TenancyReaders.RoleText(key.Role));
                command.AddParameter("@is_platform_admin", key.IsPlatformAdmin);
                command.AddParameter("@key_hash", key.KeyHash);
                command.AddParameter("@prefix", key.Prefix);
                command.AddParameter("@created_at", DbValues.ToUnixMs(key.CreatedAt));
                command.AddParameter("@revoked_at", DbValues.ToUnixMsOrNull(key.RevokedAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        Require.Text(keyHash, "API key hash");
        return _readers.ReadAsync(
            "Finding an API key",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ByHashSql);
                command.AddParameter("@key_hash", keyHash);
                return await RecordReaders.ReadSingleAsync(command, TenancyReaders.ReadApiKey, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "API key id");
        return _readers.ReadAsync(
            $"Reading API key '{id}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ByIdSql);
                command.AddParameter("@id", id);
                return await RecordReaders.ReadSingleAsync(command, TenancyReaders.ReadApiKey, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? orgId = null, CancellationToken cancellationToken = default) =>
        _readers.ReadAsync(
            orgId is null ? "Listing API keys" : $"Listing the API keys of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(orgId is null ? ListAllSql : ListOrgSql);
                if (orgId is not null)
                {
                    command.AddParameter("@org_id", orgId);
                }

                return await RecordReaders.ReadAllAsync(command, TenancyReaders.ReadApiKey, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "API key id");
        return _writer.WriteAsync(
            $"Revoking API key '{id}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(RevokeSql);
                command.AddParameter("@id", id);
                command.AddParameter("@at", DbValues.ToUnixMs(at));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
