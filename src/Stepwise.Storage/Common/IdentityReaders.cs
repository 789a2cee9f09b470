using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Column lists and row mapping of users, memberships, refresh tokens and audit entries.</summary>
internal static class IdentityReaders
{
    public const string UserColumns = "id, username, password_hash, is_disabled, failed_logins, locked_until, created_at";

    public const string MembershipColumns = "user_id, org_id, role";

    public const string RefreshTokenColumns = "id, user_id, org_id, token_hash, created_at, expires_at, revoked_at";

    public const string AuditColumns =
        "id, org_id, at, actor_type, actor_id, action, resource_type, resource_id, outcome, remote_ip, request_id, detail";

    public static UserRecord ReadUser(DbDataReader reader) => new(
        Id: reader.GetString(0),
        Username: reader.GetString(1),
        PasswordHash: reader.GetString(2),
        IsDisabled: reader.GetBoolean(3),
        FailedLogins: reader.GetInt32(4),
        LockedUntil: reader.GetUnixMsOrNull(5),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(6)));

    public static UserMembership ReadMembership(DbDataReader reader) => new(
        UserId: reader.GetString(0),
        OrgId: reader.GetString(1),
        Role: TenancyReaders.ParseRole(reader.GetString(2)));

    public static RefreshTokenRecord ReadRefreshToken(DbDataReader reader) => new(
        Id: reader.GetString(0),
        UserId: reader.GetString(1),
        OrgId: reader.GetString(2),
        TokenHash: reader.GetString(3),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(4)),
        ExpiresAt: DbValues.FromUnixMs(reader.GetInt64(5)),
        RevokedAt: reader.GetUnixMsOrNull(6));

    public static AuditRecord ReadAudit(DbDataReader reader) => new(
        Id: reader.GetString(0),
        OrgId: reader.GetString(1),
        At: DbValues.FromUnixMs(reader.GetInt64(2)),
        ActorType: reader.GetString(3),
        ActorId: reader.GetStringOrNull(4),
        Action: reader.GetString(5),
        ResourceType: reader.GetStringOrNull(6),
        ResourceId: reader.GetStringOrNull(7),
        Outcome: reader.GetString(8),
        RemoteIp: reader.GetStringOrNull(9),
        RequestId: reader.GetStringOrNull(10),
        Detail: reader.GetStringOrNull(11));
}
