using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Tenancy;

/// <summary>The account-wide changes (disable, enable, password) and the lookups the user endpoints share.</summary>
internal static partial class UserEndpoints
{
    private static async Task<Results<Ok<UserDto>, ErrorResult>> SetDisabledAsync(
        string username,
        bool disable,
        Caller caller,
        IUserStore users,
        IRefreshTokenStore tokens,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (user, here, refused) = await FindAccountAsync(username, caller, disable ? "Disabling" : "Enabling", users, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (disable && IsSelf(caller, user!))
        {
            return ApiErrors.Conflict("You cannot disable yourself; ask another admin");
        }

        await users.SetDisabledAsync(user!.Id, disable, cancellationToken);
        if (disable)
        {
            await tokens.RevokeAllAsync(user.Id, time.GetUtcNow(), cancellationToken);
        }

        await audit.RecordAsync(
            new AuditEntry(AuditActions.UserDisable, "user", user.Username, Detail: disable ? "disabled" : "enabled"),
            CancellationToken.None);
        return TypedResults.Ok(UserDto.From(user with { IsDisabled = disable }, here!));
    }

    private static async Task<Results<Ok<UserDto>, ErrorResult>> ResetPasswordAsync(
        string username,
        Caller caller,
        JsonObjectBody body,
        IUserStore users,
        IRefreshTokenStore tokens,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        BodyFields.CheckKnown(body.Value, PasswordFields, problems);
        var password = BodyFields.Secret(body.Value, "password", problems);
        if (password is not null && UserPasswords.Problem(password) is { } weak)
        {
            problems.Add(weak);
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        var (user, here, refused) = await FindAccountAsync(username, caller, "Setting the password of", users, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        await users.SetPasswordAsync(user!.Id, UserPasswords.Hash(password!), cancellationToken);
        await tokens.RevokeAllAsync(user.Id, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.UserPasswordReset, "user", user.Username), CancellationToken.None);
        return TypedResults.Ok(UserDto.From(user with { FailedLogins = 0, LockedUntil = null }, here!));
    }

    /// <summary>
    /// A member of the caller's organization whose account the caller may change: one who belongs to no other
    /// organization, unless the caller is a platform admin.
    /// </summary>
    private static async Task<(UserRecord? User, UserMembership? Here, ErrorResult? Refused)> FindAccountAsync(
        string username, Caller caller, string what, IUserStore users, CancellationToken cancellationToken)
    {
        var (user, memberships) = await FindAsync(username, users, cancellationToken);
        var here = memberships.FirstOrDefault(m => m.OrgId == caller.OrgId);
        if (user is null || here is null)
        {
            return (null, null, NotFound(username));
        }

        if (!caller.IsPlatformAdmin && memberships.Any(m => m.OrgId != caller.OrgId))
        {
            return (null, null, ApiErrors.Forbidden(
                $"{what} user '{user.Username}' needs a platform admin key: the account also belongs to other organizations"));
        }

        return (user, here, null);
    }

    private static async Task<(UserRecord? User, IReadOnlyList<UserMembership> Memberships)> FindAsync(
        string username, IUserStore users, CancellationToken cancellationToken)
    {
        var name = Usernames.Normalize(username);
        if (!Usernames.IsValid(name) || await users.FindByUsernameAsync(name, cancellationToken) is not { } user)
        {
            return (null, []);
        }

        return (user, await users.ListMembershipsAsync(user.Id, cancellationToken));
    }

    private static bool IsSelf(Caller caller, UserRecord user) => caller.Kind == CallerKind.User && caller.Id == user.Id;

    private static ErrorResult NotFound(string username) =>
        ApiErrors.NotFound($"User '{Names.Quote(Usernames.Normalize(username))}' not found in this organization");

    private static ErrorResult TakenConflict(string username) =>
        ApiErrors.Conflict($"Username '{username}' is taken");
}
