namespace Stepwise.Core.Storage;

/// <summary>
/// A person who signs in with a username and password. Only the password's hash is stored (ASP.NET Core Identity's
/// format). <see cref="FailedLogins"/> counts wrong passwords since the last success; past the limit the account is
/// locked until <see cref="LockedUntil"/>.
/// </summary>
public sealed record UserRecord(
    string Id,
    string Username,
    string PasswordHash,
    bool IsDisabled,
    int FailedLogins,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt);
