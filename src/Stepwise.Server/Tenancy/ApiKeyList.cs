using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The answer of <c>GET /api/v1/api-keys</c>, oldest first.</summary>
internal sealed record ApiKeyList(IReadOnlyList<ApiKeyDto> Items);
