using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>An organization as the API shows it.</summary>
internal sealed record OrganizationDto(string Id, string Name, bool IsActive, DateTimeOffset CreatedAt)
{
    public static OrganizationDto From(OrganizationRecord organization) =>
        new(organization.Id, organization.Name, organization.IsActive, organization.CreatedAt);
}
