using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>OAuth connections per organization over ADO.NET; secrets and tokens arrive sealed.</summary>
internal sealed class OAuthConnectionStore(StorageWriter writer, ReaderConnections readers) : IOAuthConnectionStore
{
    private const string InsertSql = $"""
        INSERT INTO oauth_connections ({OrgDataReaders.OAuthColumns})
        VALUES (@org_id, @name, @grant_type, @client_id, @client_secret, @token_url, @authorize_url, @scopes, @redirect_uri,
                @access_token, @refresh_token, @expires_at, @state_hash, @state_expires_at, @created_at, @updated_at)
        """;

    private const string FindByStateSql =
        $"SELECT {OrgDataReaders.OAuthColumns} FROM oauth_connections WHERE state_hash = @state_hash";

    private const string SaveTokensSql = """
        UPDATE oauth_connections
        SET access_token = @access_token, refresh_token = @refresh_token, expires_at = @expires_at,
            state_hash = NULL, state_expires_at = NULL, updated_at = @now
        WHERE org_id = @org_id AND name = @name
        """;

    private const string SetStateSql = """
        UPDATE oauth_connections SET state_hash = @state_hash, state_expires_at = @state_expires_at
        WHERE org_id = @org_id AND name = @name
        """;

    private const string ResealSql = """
        UPDATE oauth_connections
        SET client_secret = @client_secret, access_token = @access_token, refresh_token = @refresh_token
        WHERE org_id = @org_id AND name = @name AND updated_at = @updated_at
        """;

    private readonly OrgKeyedRows<OAuthConnectionRecord> _rows = new(
        writer, readers, "oauth_connections", "name", OrgDataReaders.OAuthColumns, "OAuth connection",
        "OAuth connection name", OrgDataReaders.ReadOAuth);

    public Task CreateAsync(OAuthConnectionRecord connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Require.Text(connection.OrgId, "organization id");
        Require.Text(connection.Name, "OAuth connection name");
        Require.Text(connection.ClientId, "client id");
        Require.Text(connection.TokenUrl, "token URL");
        return writer.WriteAsync(
            $"Creating OAuth connection '{connection.Name}' of organization '{connection.OrgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(InsertSql);
                command.AddParameter("@org_id", connection.OrgId);
                command.AddParameter("@name", connection.Name);
                command.AddParameter("@grant_type", connection.GrantType);
                command.AddParameter("@client_id", connection.ClientId);
                command.AddParameter("@client_secret", OrgDataReaders.BytesOrNull(connection.ClientSecret));
                command.AddParameter("@token_url", connection.TokenUrl);
                command.AddParameter("@authorize_url", DbValues.TextOrNull(connection.AuthorizeUrl));
                command.AddParameter("@scopes", DbValues.TextOrNull(connection.Scopes));
                command.AddParameter("@redirect_uri", DbValues.TextOrNull(connection.RedirectUri));
                command.AddParameter("@access_token", OrgDataReaders.BytesOrNull(connection.AccessToken));
                command.AddParameter("@refresh_token", OrgDataReaders.BytesOrNull(connection.RefreshToken));
                command.AddParameter("@expires_at", DbValues.ToUnixMsOrNull(connection.ExpiresAt));
                command.AddParameter("@state_hash", DbValues.TextOrNull(connection.StateHash));
                command.AddParameter("@state_expires_at", DbValues.ToUnixMsOrNull(connection.StateExpiresAt));
                command.AddParameter("@created_at", DbValues.ToUnixMs(connection.CreatedAt));
                command.AddParameter("@updated_at", DbValues.ToUnixMs(connection.UpdatedAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<OAuthConnectionRecord?> GetAsync(string orgId, string name, CancellationToken cancellationToken = default) =>
        _rows.GetAsync(orgId, name, cancellationToken);

    public Task<IReadOnlyList<OAuthConnectionRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default) =>
        _rows.ListAsync(orgId, cancellationToken);

    public Task<IReadOnlyList<OAuthConnectionRecord>> ListAllAsync(CancellationToken cancellationToken = default) =>
        _rows.ListAllAsync(cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default) =>
        _rows.DeleteAsync(orgId, name, cancellationToken);

    public Task<bool> SaveTokensAsync(
        string orgId,
        string name,
        byte[]? accessToken,
        byte[]? refreshToken,
        DateTimeOffset? expiresAt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "OAuth connection name");
        return writer.WriteAsync(
            $"Storing tokens of OAuth connection '{name}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(SaveTokensSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                command.AddParameter("@access_token", OrgDataReaders.BytesOrNull(accessToken));
                command.AddParameter("@refresh_token", OrgDataReaders.BytesOrNull(refreshToken));
                command.AddParameter("@expires_at", DbValues.ToUnixMsOrNull(expiresAt));
                command.AddParameter("@now", DbValues.ToUnixMs(now));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<bool> SetStateAsync(
        string orgId, string name, string stateHash, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "OAuth connection name");
        Require.Text(stateHash, "state hash");
        return writer.WriteAsync(
            $"Starting the authorization of OAuth connection '{name}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(SetStateSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                command.AddParameter("@state_hash", stateHash);
                command.AddParameter("@state_expires_at", DbValues.ToUnixMs(expiresAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<OAuthConnectionRecord?> FindByStateAsync(string stateHash, CancellationToken cancellationToken = default)
    {
        Require.Text(stateHash, "state hash");
        return readers.ReadAsync(
            "Finding the OAuth connection of an authorization state",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(FindByStateSql);
                command.AddParameter("@state_hash", stateHash);
                return await RecordReaders.ReadSingleAsync(command, OrgDataReaders.ReadOAuth, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> ResealAsync(
        OAuthConnectionRecord current,
        byte[]? clientSecret,
        byte[]? accessToken,
        byte[]? refreshToken,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        return writer.WriteAsync(
            $"Re-sealing OAuth connection '{current.Name}' of organization '{current.OrgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ResealSql);
                command.AddParameter("@org_id", current.OrgId);
                command.AddParameter("@name", current.Name);
                command.AddParameter("@updated_at", DbValues.ToUnixMs(current.UpdatedAt));
                command.AddParameter("@client_secret", OrgDataReaders.BytesOrNull(clientSecret));
                command.AddParameter("@access_token", OrgDataReaders.BytesOrNull(accessToken));
                command.AddParameter("@refresh_token", OrgDataReaders.BytesOrNull(refreshToken));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
