namespace Stepwise.Core.Storage;

/// <summary>A tenant: every workflow, run and key belongs to one. An inactive one can do nothing.</summary>
public sealed record OrganizationRecord(string Id, string Name, bool IsActive, DateTimeOffset CreatedAt);
