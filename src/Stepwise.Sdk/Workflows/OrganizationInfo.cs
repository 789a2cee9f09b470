namespace Stepwise.Sdk;

/// <summary>The organization a run belongs to.</summary>
/// <param name="Id">Its id, e.g. <c>default</c>.</param>
/// <param name="Name">Its display name.</param>
public sealed record OrganizationInfo(string Id, string Name);
