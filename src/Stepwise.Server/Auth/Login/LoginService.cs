using System.Globalization;
using Stepwise.Core.Storage;
using Stepwise.Server.Audit;
using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Auth.Login;

/// <summary>
/// Password login, refresh-token rotation and logout. A wrong password counts toward the lockout; reaching
/// STEPWISE_LOGIN_MAX_FAILURES locks the account for STEPWISE_LOGIN_LOCKOUT. Each refresh token works once: using
/// one that was already rotated revokes every refresh token of the user (it was stolen or replayed). Every attempt,
/// good or bad, is audited; no password or token ever is.
/// </summary>
internal sealed class LoginService(
    IUserStore users,
    IRefreshTokenStore refreshTokens,
    IOrganizationStore organizations,
    TokenIssuer issuer,
    JwtOptions options,
    AuditTrail audit,
    TimeProvider time)
{
    public const string InvalidCredentials = "Invalid username or password";
    public const string InvalidRefreshToken = "Invalid refresh token";

    public async Task<(LoginTokens? Tokens, ErrorResult? Error)> LoginAsync(
        string usernameText, string password, string? requestedOrg, CancellationToken cancellationToken)
    {
        if (!issuer.CanIssue)
        {
            return (null, JwtErrors.NoSymmetricSecret());
        }

        var username = Usernames.Normalize(usernameText);
        if (!Usernames.IsValid(username))
        {
            return (null, ApiErrors.BadRequest($"'username' must be {Usernames.Rule}"));
        }

        if (requestedOrg is not null && !Names.IsOrgId(requestedOrg))
        {
            return (null, ApiErrors.BadRequest($"'org' '{Names.Quote(requestedOrg)}' is not an organization id: use {Names.OrgIdRule}"));
        }

        var user = await users.FindByUsernameAsync(username, cancellationToken);
        var now = time.GetUtcNow();
        if (user is not null && user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            // The same answer and the same hashing work as an unknown user or a wrong password: a lockout must not
            // tell an outsider that the username exists. The audit log (admins) says it was locked, and until when.
            UserPasswords.Verify(null, password);
            var until = lockedUntil.ToString("u", CultureInfo.InvariantCulture);
            await AuditLoginAsync(user, username, requestedOrg, AuditOutcomes.Failure, $"locked until {until}", cancellationToken);
            return (null, Unauthorized(InvalidCredentials));
        }

        if (!UserPasswords.Verify(user, password) || user is null)
        {
            var detail = user is null ? "unknown user" : await CountFailureAsync(user, now, cancellationToken);
            await AuditLoginAsync(user, username, requestedOrg, AuditOutcomes.Failure, detail, cancellationToken);
            return (null, Unauthorized(InvalidCredentials));
        }

        if (user.IsDisabled)
        {
            await AuditLoginAsync(user, username, requestedOrg, AuditOutcomes.Failure, "disabled", cancellationToken);
            return (null, Unauthorized(InvalidCredentials));
        }

        if (user.FailedLogins > 0 || user.LockedUntil is not null)
        {
            await users.SetLoginStateAsync(user.Id, 0, null, cancellationToken);
        }

        var (membership, membershipError) = await ChooseMembershipAsync(user, requestedOrg, cancellationToken);
        if (membership is null)
        {
            await AuditLoginAsync(user, username, requestedOrg, AuditOutcomes.Failure, "no membership", cancellationToken);
            return (null, membershipError);
        }

        var tokens = await IssueAsync(user, membership, cancellationToken);
        await AuditLoginAsync(user, username, membership.OrgId, AuditOutcomes.Success, membership.Role.Name(), cancellationToken);
        return (tokens, null);
    }

    public async Task<(LoginTokens? Tokens, ErrorResult? Error)> RefreshAsync(
        string refreshToken, CancellationToken cancellationToken)
    {
        if (!issuer.CanIssue)
        {
            return (null, JwtErrors.NoSymmetricSecret());
        }

        var record = await FindRefreshAsync(refreshToken, cancellationToken);
        if (record is null)
        {
            return (null, Unauthorized(InvalidRefreshToken));
        }

        var now = time.GetUtcNow();
        if (record.IsRevoked)
        {
            // A rotated token came back: whoever holds the newest one may be an attacker, so end every session.
            await refreshTokens.RevokeAllAsync(record.UserId, now, cancellationToken);
            await AuditAsync(AuditActions.Refresh, record.UserId, record.OrgId, AuditOutcomes.Failure, "reused token; all sessions revoked", cancellationToken);
            return (null, Unauthorized(InvalidRefreshToken));
        }

        if (record.ExpiresAt <= now || !await refreshTokens.RevokeAsync(record.Id, now, cancellationToken))
        {
            await AuditAsync(AuditActions.Refresh, record.UserId, record.OrgId, AuditOutcomes.Failure, "expired", cancellationToken);
            return (null, Unauthorized(InvalidRefreshToken));
        }

        var user = await users.GetAsync(record.UserId, cancellationToken);
        var membership = user is null || user.IsDisabled
            ? null
            : (await users.ListMembershipsAsync(user.Id, cancellationToken)).FirstOrDefault(m => m.OrgId == record.OrgId);
        var organization = await organizations.GetAsync(record.OrgId, cancellationToken);
        if (user is null || membership is null || organization is not { IsActive: true })
        {
            await AuditAsync(AuditActions.Refresh, record.UserId, record.OrgId, AuditOutcomes.Failure, "user disabled or not a member", cancellationToken);
            return (null, Unauthorized(InvalidRefreshToken));
        }

        var tokens = await IssueAsync(user, membership, cancellationToken);
        await AuditAsync(AuditActions.Refresh, user.Id, record.OrgId, AuditOutcomes.Success, null, cancellationToken);
        return (tokens, null);
    }

    public async Task<ErrorResult?> LogoutAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var record = await FindRefreshAsync(refreshToken, cancellationToken);
        if (record is null)
        {
            return Unauthorized(InvalidRefreshToken);
        }

        var revoked = await refreshTokens.RevokeAsync(record.Id, time.GetUtcNow(), cancellationToken);
        await AuditAsync(
            AuditActions.Logout, record.UserId, record.OrgId, AuditOutcomes.Success, revoked ? null : "already signed out",
            cancellationToken);
        return null;
    }

    private async Task<RefreshTokenRecord?> FindRefreshAsync(string token, CancellationToken cancellationToken) =>
        token.StartsWith(TokenIssuer.RefreshPrefix, StringComparison.Ordinal) && token.Length <= 256
            ? await refreshTokens.FindByHashAsync(TokenIssuer.HashRefresh(token), cancellationToken)
            : null;

    private async Task<string> CountFailureAsync(UserRecord user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = user.FailedLogins + 1;
        if (failures >= options.MaxLoginFailures)
        {
            await users.SetLoginStateAsync(user.Id, 0, now + options.Lockout, cancellationToken);
            return "wrong password; account locked";
        }

        await users.SetLoginStateAsync(user.Id, failures, null, cancellationToken);
        return "wrong password";
    }

    private async Task<(UserMembership? Membership, ErrorResult? Error)> ChooseMembershipAsync(
        UserRecord user, string? requestedOrg, CancellationToken cancellationToken)
    {
        var memberships = await users.ListMembershipsAsync(user.Id, cancellationToken);
        UserMembership? chosen;
        if (requestedOrg is not null)
        {
            chosen = memberships.FirstOrDefault(m => m.OrgId == requestedOrg);
            if (chosen is null)
            {
                return (null, ApiErrors.Forbidden($"User '{user.Username}' is not a member of organization '{requestedOrg}'"));
            }
        }
        else if (memberships.Count == 1)
        {
            chosen = memberships[0];
        }
        else
        {
            return (null, memberships.Count == 0
                ? ApiErrors.Forbidden($"User '{user.Username}' is not a member of any organization")
                : ApiErrors.BadRequest(
                    $"User '{user.Username}' belongs to several organizations ({string.Join(", ", memberships.Select(m => m.OrgId))}); send 'org'"));
        }

        var organization = await organizations.GetAsync(chosen.OrgId, cancellationToken);
        return organization is { IsActive: true }
            ? (chosen, null)
            : (null, ApiErrors.Forbidden($"Organization '{chosen.OrgId}' is inactive"));
    }

    private async Task<LoginTokens> IssueAsync(UserRecord user, UserMembership membership, CancellationToken cancellationToken)
    {
        var (access, expiresAt) = issuer.IssueAccess(user.Id, user.Username, membership.OrgId, membership.Role);
        var (refresh, record) = issuer.IssueRefresh(user.Id, membership.OrgId);
        await refreshTokens.CreateAsync(record, cancellationToken);
        return new LoginTokens(
            access, "Bearer", (int)options.AccessLifetime.TotalSeconds, expiresAt, refresh, record.ExpiresAt, user.Id,
            user.Username, membership.OrgId, membership.Role.Name());
    }

    /// <summary>
    /// A login is audited in the organization it asked for, else the user's first one, else <c>default</c>, so the
    /// admins of the organization a failing account belongs to see the attempts.
    /// </summary>
    private async Task AuditLoginAsync(
        UserRecord? user, string username, string? orgId, string outcome, string detail, CancellationToken cancellationToken)
    {
        if (orgId is null && user is not null)
        {
            orgId = (await users.ListMembershipsAsync(user.Id, cancellationToken)).FirstOrDefault()?.OrgId;
        }

        await audit.RecordAsync(
            new AuditEntry(AuditActions.Login, "user", username, outcome, detail)
            {
                OrgId = orgId ?? TenancyBootstrap.DefaultOrgId,
                ActorType = "user",
                ActorId = user?.Id,
            },
            cancellationToken);
    }

    private Task AuditAsync(
        string action, string userId, string orgId, string outcome, string? detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry(action, "user", userId, outcome, detail) { OrgId = orgId, ActorType = "user", ActorId = userId },
            cancellationToken);

    private static ErrorResult Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message);
}
