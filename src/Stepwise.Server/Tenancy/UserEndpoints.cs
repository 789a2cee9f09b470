using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Tenancy;

/// <summary>
/// <c>/api/v1/users</c>: an organization's admin lists the organization's users, creates them, sets their role,
/// removes them, disables them and resets their password. A user is one account across organizations, so what
/// changes the account itself (disable, password) for a user who also belongs to another organization needs a
/// platform admin. Every change is audited; passwords are never answered or logged.
/// </summary>
internal static partial class UserEndpoints
{
    private static readonly string[] CreateFields = ["username", "password", "role"];
    private static readonly string[] RoleFields = ["role"];
    private static readonly string[] PasswordFields = ["password"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/users").WithTags("Users");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Admin)
            .WithSummary("The organization's users with their role here (never passwords)");
        group.MapPost("/", CreateAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a user in the organization: {\"username\", \"password\", \"role\"} (audited)");
        group.MapPut("/{username}/role", SetRoleAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Set a member's role here: {\"role\"}; the user signs in again to use it (audited)");
        group.MapDelete("/{username}", RemoveAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Remove a user from the organization; the account stays for its other organizations (audited)");
        group.MapPost("/{username}/disable", (string username, Caller caller, IUserStore users, IRefreshTokenStore tokens, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken) =>
                SetDisabledAsync(username, true, caller, users, tokens, audit, time, cancellationToken))
            .RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Disable a user: no more logins, refreshes or requests with its tokens (audited)");
        group.MapPost("/{username}/enable", (string username, Caller caller, IUserStore users, IRefreshTokenStore tokens, AuditTrail audit, TimeProvider time, CancellationToken cancellationToken) =>
                SetDisabledAsync(username, false, caller, users, tokens, audit, time, cancellationToken))
            .RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Enable a disabled user (audited)");
        group.MapPost("/{username}/password", ResetPasswordAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Set a new password: {\"password\"}; unlocks the account and signs the user out everywhere (audited)");
    }

    private static async Task<Ok<UserList>> ListAsync(Caller caller, IUserStore users, CancellationToken cancellationToken)
    {
        var members = await users.ListMembersAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new UserList([.. members.Select(m => UserDto.From(m.User, new UserMembership(m.User.Id, caller.OrgId, m.Role)))]));
    }

    private static async Task<Results<Created<UserDto>, ErrorResult>> CreateAsync(
        Caller caller,
        JsonObjectBody body,
        IUserStore users,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        BodyFields.CheckKnown(body.Value, CreateFields, problems);
        var username = BodyFields.Text(body.Value, "username", required: true, problems) is { } given ? Usernames.Normalize(given) : null;
        if (username is not null && !Usernames.IsValid(username))
        {
            problems.Add($"'{Names.Quote(username)}' is not a username: use {Usernames.Rule}");
        }

        var password = BodyFields.Secret(body.Value, "password", problems);
        if (password is not null && UserPasswords.Problem(password) is { } weak)
        {
            problems.Add(weak);
        }

        var role = BodyFields.Role(body.Value, "role", ApiKeyRole.Viewer, problems);
        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        if (await users.FindByUsernameAsync(username!, cancellationToken) is not null)
        {
            return TakenConflict(username!);
        }

        var user = new UserRecord(Usernames.NewId(), username!, UserPasswords.Hash(password!), false, 0, null, time.GetUtcNow());
        try
        {
            await users.CreateAsync(user, cancellationToken);
        }
        catch (StorageConflictException)
        {
            return TakenConflict(username!);
        }

        var membership = new UserMembership(user.Id, caller.OrgId, role!.Value);
        await users.SetMembershipAsync(membership, cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.UserCreate, "user", user.Username, Detail: role.Value.Name()), CancellationToken.None);
        return TypedResults.Created($"/api/v1/users/{user.Username}", UserDto.From(user, membership));
    }

    private static async Task<Results<Ok<UserDto>, ErrorResult>> SetRoleAsync(
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
        BodyFields.CheckKnown(body.Value, RoleFields, problems);
        var role = BodyFields.Role(body.Value, "role", fallback: null, problems);
        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        var (user, memberships) = await FindAsync(username, users, cancellationToken);
        if (user is null)
        {
            return NotFound(username);
        }

        // An organization's admin changes its own members; a platform admin may also add an existing account.
        if (!memberships.Any(m => m.OrgId == caller.OrgId) && !caller.IsPlatformAdmin)
        {
            return NotFound(username);
        }

        if (IsSelf(caller, user))
        {
            return ApiErrors.Conflict("You cannot change your own role; ask another admin");
        }

        var membership = new UserMembership(user.Id, caller.OrgId, role!.Value);
        await users.SetMembershipAsync(membership, cancellationToken);
        await tokens.RevokeAllAsync(user.Id, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.UserRoleSet, "user", user.Username, Detail: role.Value.Name()), CancellationToken.None);
        return TypedResults.Ok(UserDto.From(user, membership));
    }

    private static async Task<Results<NoContent, ErrorResult>> RemoveAsync(
        string username,
        Caller caller,
        IUserStore users,
        IRefreshTokenStore tokens,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (user, memberships) = await FindAsync(username, users, cancellationToken);
        if (user is null || !memberships.Any(m => m.OrgId == caller.OrgId))
        {
            return NotFound(username);
        }

        if (IsSelf(caller, user))
        {
            return ApiErrors.Conflict("You cannot remove yourself from the organization; ask another admin");
        }

        await users.RemoveMembershipAsync(user.Id, caller.OrgId, cancellationToken);
        await tokens.RevokeAllAsync(user.Id, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(new AuditEntry(AuditActions.UserRoleSet, "user", user.Username, Detail: "removed"), CancellationToken.None);
        return TypedResults.NoContent();
    }
}
