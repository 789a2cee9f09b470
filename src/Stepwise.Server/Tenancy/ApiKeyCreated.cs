using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The answer of <c>POST /api/v1/api-keys</c>: the key itself, shown this once (only its hash is stored).</summary>
internal sealed record ApiKeyCreated(
    string Id,
    string OrgId,
    string Name,
    string Role,
    bool IsPlatformAdmin,
    string Prefix,
    DateTimeOffset CreatedAt,
    string Key);
