namespace Stepwise.Core.Storage;

/// <summary>A user's role in one organization; a user may belong to several.</summary>
public sealed record UserMembership(string UserId, string OrgId, ApiKeyRole Role);
