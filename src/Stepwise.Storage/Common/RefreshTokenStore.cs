using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Refresh tokens over ADO.NET: only hashes are stored; writes go through the single writer.</summary>
internal sealed class RefreshTokenStore : IRefreshTokenStore
{
    private const string InsertSql = """
        INSERT INTO refresh_tokens (id, user_id, org_id, token_hash, created_at, expires_at, revoked_at)
        VALUES (@id, @user_id, @org_id, @token_hash, @created_at, @expires_at, @revoked_at)
        """;

    private const string ByHashSql = $"""
        SELECT {IdentityReaders.RefreshTokenColumns} FROM refresh_tokens WHERE token_hash = @token_hash
        """;

    private const string RevokeSql = "UPDATE refresh_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL";

    private const string RevokeAllSql = """
        UPDATE refresh_tokens SET revoked_at = @at WHERE user_id = @user_id AND revoked_at IS NULL
        """;

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public RefreshTokenStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        Require.Text(token.Id, "refresh token id");
        Require.Text(token.UserId, $"user of refresh token '{token.Id}'");
        Require.Text(token.TokenHash, $"hash of refresh token '{token.Id}'");
        return _writer.WriteAsync(
            $"Creating a refresh token for user '{token.UserId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(InsertSql);
                command.AddParameter("@id", token.Id);
                command.AddParameter("@user_id", token.UserId);
                command.AddParameter("@org_id", token.OrgId);
                command.AddParameter("@token_hash", token.TokenHash);
                command.AddParameter("@created_at", DbValues.ToUnixMs(token.CreatedAt));
                command.AddParameter("@expires_at", DbValues.ToUnixMs(token.ExpiresAt));
                command.AddParameter("@revoked_at", DbValues.ToUnixMsOrNull(token.RevokedAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<RefreshTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        Require.Text(tokenHash, "refresh token hash");
        return _readers.ReadAsync(
            "Finding a refresh token",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ByHashSql);
                command.AddParameter("@token_hash", tokenHash);
                return await RecordReaders.ReadSingleAsync(command, IdentityReaders.ReadRefreshToken, ct)
                    .ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "refresh token id");
        return _writer.WriteAsync(
            $"Revoking refresh token '{id}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(RevokeSql);
                command.AddParameter("@id", id);
                command.AddParameter("@at", DbValues.ToUnixMs(at));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<int> RevokeAllAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Require.Text(userId, "user id");
        return _writer.WriteAsync(
            $"Revoking the refresh tokens of user '{userId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(RevokeAllSql);
                command.AddParameter("@user_id", userId);
                command.AddParameter("@at", DbValues.ToUnixMs(at));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
