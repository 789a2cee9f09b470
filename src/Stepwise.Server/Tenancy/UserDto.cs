using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>
/// A user as an organization's admin sees it: the role in that organization, never a password or the user's other
/// memberships.
/// </summary>
internal sealed record UserDto(
    string Id,
    string Username,
    string Role,
    bool IsDisabled,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt)
{
    public static UserDto From(UserRecord user, UserMembership membership) =>
        new(user.Id, user.Username, membership.Role.Name(), user.IsDisabled, user.LockedUntil, user.CreatedAt);
}
