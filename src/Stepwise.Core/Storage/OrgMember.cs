namespace Stepwise.Core.Storage;

/// <summary>A user of an organization with the role the user has there.</summary>
public sealed record OrgMember(UserRecord User, ApiKeyRole Role);
