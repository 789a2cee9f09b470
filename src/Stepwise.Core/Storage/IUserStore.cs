namespace Stepwise.Core.Storage;

/// <summary>Users, their login state and their organization memberships.</summary>
public interface IUserStore
{
    /// <summary>Stores a user; <see cref="StorageConflictException"/> when the id or username is taken.</summary>
    Task CreateAsync(UserRecord user, CancellationToken cancellationToken = default);

    Task<UserRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The user with this exact username (usernames are stored lower-case by the callers).</summary>
    Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Every user, by username.</summary>
    Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the password hash and clears failures and lockout; false when the user does not exist.</summary>
    Task<bool> SetPasswordAsync(string id, string passwordHash, CancellationToken cancellationToken = default);

    /// <summary>Disables or enables the user; false when the user does not exist.</summary>
    Task<bool> SetDisabledAsync(string id, bool isDisabled, CancellationToken cancellationToken = default);

    /// <summary>Stores the failure count and lockout after a login attempt; false when the user does not exist.</summary>
    Task<bool> SetLoginStateAsync(
        string id, int failedLogins, DateTimeOffset? lockedUntil, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the user to an organization or changes the role there; <see cref="StorageNotFoundException"/> when the
    /// user or organization does not exist.
    /// </summary>
    Task SetMembershipAsync(UserMembership membership, CancellationToken cancellationToken = default);

    /// <summary>Removes the user from an organization; false when not a member.</summary>
    Task<bool> RemoveMembershipAsync(string userId, string orgId, CancellationToken cancellationToken = default);

    /// <summary>The members of an organization with their role there, by username (one query, however many users).</summary>
    Task<IReadOnlyList<OrgMember>> ListMembersAsync(string orgId, CancellationToken cancellationToken = default);

    /// <summary>The user's memberships, by organization id.</summary>
    Task<IReadOnlyList<UserMembership>> ListMembershipsAsync(string userId, CancellationToken cancellationToken = default);
}
