using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The answer of <c>GET /api/v1/organizations</c>, by id.</summary>
internal sealed record OrganizationList(IReadOnlyList<OrganizationDto> Items);
