using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Users and memberships over ADO.NET; only password hashes are stored; writes go through the single writer.</summary>
internal sealed class UserStore : IUserStore
{
    private const string InsertSql = """
        INSERT INTO users (id, username, password_hash, is_disabled, failed_logins, locked_until, created_at)
        VALUES (@id, @username, @password_hash, @is_disabled, @failed_logins, @locked_until, @created_at)
        """;

    private const string ByIdSql = $"SELECT {IdentityReaders.UserColumns} FROM users WHERE id = @id";

    private const string ByUsernameSql = $"SELECT {IdentityReaders.UserColumns} FROM users WHERE username = @username";

    private const string ListSql = $"SELECT {IdentityReaders.UserColumns} FROM users ORDER BY username";

    private const string SetPasswordSql = """
        UPDATE users SET password_hash = @password_hash, failed_logins = 0, locked_until = NULL WHERE id = @id
        """;

    private const string SetDisabledSql = "UPDATE users SET is_disabled = @is_disabled WHERE id = @id";

    private const string SetLoginStateSql = """
        UPDATE users SET failed_logins = @failed_logins, locked_until = @locked_until WHERE id = @id
        """;

    private const string UpsertMembershipSql = """
        INSERT INTO user_memberships (user_id, org_id, role) VALUES (@user_id, @org_id, @role)
        ON CONFLICT (user_id, org_id) DO UPDATE SET role = excluded.role
        """;

    private const string DeleteMembershipSql = "DELETE FROM user_memberships WHERE user_id = @user_id AND org_id = @org_id";

    private const string ListMembershipsSql = $"""
        SELECT {IdentityReaders.MembershipColumns} FROM user_memberships WHERE user_id = @user_id ORDER BY org_id
        """;

    private const string ListMembersSql = """
        SELECT u.id, u.username, u.password_hash, u.is_disabled, u.failed_logins, u.locked_until, u.created_at, m.role
        FROM user_memberships m JOIN users u ON u.id = m.user_id
        WHERE m.org_id = @org_id
        ORDER BY u.username
        """;

        private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public UserStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task CreateAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        Require.Text(user.Id, "user id");
        Require.Text(user.Username, $"username of user '{user.Id}'");
        Require.Text(user.PasswordHash, $"password hash of user '{user.Id}'");
        return _writer.WriteAsync(
            $"Creating user '{user.Username}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(InsertSql);
                command.AddParameter("@id", user.Id);
                command.AddParameter("@username", user.Username);
                command.AddParameter("@password_hash", user.PasswordHash);
                command.AddParameter("@is_disabled", user.IsDisabled);
                command.AddParameter("@failed_logins", user.FailedLogins);
                command.AddParameter("@locked_until", DbValues.ToUnixMsOrNull(user.LockedUntil));
                command.AddParameter("@created_at", DbValues.ToUnixMs(user.CreatedAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<UserRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "user id");
        return ReadUserAsync(ByIdSql, "@id", id, $"Reading user '{id}'", cancellationToken);
    }

    public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default)
    {
        Require.Text(username, "username");
        return ReadUserAsync(ByUsernameSql, "@username", username, "Finding a user by username", cancellationToken);
    }

    public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        _readers.ReadAsync(
            "Listing users",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListSql);
                return await RecordReaders.ReadAllAsync(command, IdentityReaders.ReadUser, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> SetPasswordAsync(string id, string passwordHash, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "user id");
        Require.Text(passwordHash, $"password hash of user '{id}'");
        return UpdateAsync(
            $"Setting the password of user '{id}'",
            SetPasswordSql,
            command =>
            {
                command.AddParameter("@id", id);
                command.AddParameter("@password_hash", passwordHash);
            },
            cancellationToken);
    }

    public Task<bool> SetDisabledAsync(string id, bool isDisabled, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "user id");
        return UpdateAsync(
            $"{(isDisabled ? "Disabling" : "Enabling")} user '{id}'",
            SetDisabledSql,
            command =>
            {
                command.AddParameter("@id", id);
                command.AddParameter("@is_disabled", isDisabled);
            },
            cancellationToken);
    }

    public Task<bool> SetLoginStateAsync(
        string id, int failedLogins, DateTimeOffset? lockedUntil, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "user id");
        return UpdateAsync(
            $"Recording a login of user '{id}'",
            SetLoginStateSql,
            command =>
            {
                command.AddParameter("@id", id);
                command.AddParameter("@failed_logins", failedLogins);
                command.AddParameter("@locked_until", DbValues.ToUnixMsOrNull(lockedUntil));
            },
            cancellationToken);
    }

    public Task SetMembershipAsync(UserMembership membership, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(membership);
        Require.Text(membership.UserId, "user id");
        Require.Text(membership.OrgId, "organization id");
        return UpdateAsync(
            $"Setting the role of user '{membership.UserId}' in organization '{membership.OrgId}'",
            UpsertMembershipSql,
            command =>
            {
                command.AddParameter("@user_id", membership.UserId);
                command.AddParameter("@org_id", membership.OrgId);
                command.AddParameter("@role", TenancyReaders.RoleText(membership.Role));
            },
            cancellationToken);
    }

    public Task<bool> RemoveMembershipAsync(string userId, string orgId, CancellationToken cancellationToken = default)
    {
        Require.Text(userId, "user id");
        Require.Text(orgId, "organization id");
        return UpdateAsync(
            $"Removing user '{userId}' from organization '{orgId}'",
            DeleteMembershipSql,
            command =>
            {
                command.AddParameter("@user_id", userId);
                command.AddParameter("@org_id", orgId);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<UserMembership>> ListMembershipsAsync(
        string userId, CancellationToken cancellationToken = default)
    {
        Require.Text(userId, "user id");
        return _readers.ReadAsync(
            $"Listing the memberships of user '{userId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListMembershipsSql);
                command.AddParameter("@user_id", userId);
                return await RecordReaders.ReadAllAsync(command, IdentityReaders.ReadMembership, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<OrgMember>> ListMembersAsync(string orgId, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        return _readers.ReadAsync(
            $"Listing the members of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListMembersSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(
                    command,
                    reader => new OrgMember(IdentityReaders.ReadUser(reader), TenancyReaders.ParseRole(reader.GetString(7))),
                    ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private Task<UserRecord?> ReadUserAsync(
        string sql, string parameter, string value, string description, CancellationToken cancellationToken) =>
        _readers.ReadAsync(
            description,
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(sql);
                command.AddParameter(parameter, value);
                return await RecordReaders.ReadSingleAsync(command, IdentityReaders.ReadUser, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private Task<bool> UpdateAsync(
        string description, string sql, Action<System.Data.Common.DbCommand> bind, CancellationToken cancellationToken) =>
        _writer.WriteAsync(
            description,
            async (session, ct) =>
            {
                using var command = session.CreateCommand(sql);
                bind(command);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
}
