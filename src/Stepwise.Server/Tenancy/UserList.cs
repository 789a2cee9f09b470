using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The answer of <c>GET /api/v1/users</c>: the organization's members, by username.</summary>
internal sealed record UserList(IReadOnlyList<UserDto> Items);
