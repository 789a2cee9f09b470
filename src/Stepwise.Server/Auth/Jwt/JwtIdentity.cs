using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>What a valid bearer token says: the user (its subject claim), organization and role.</summary>
internal sealed record JwtIdentity(string Subject, string OrgId, ApiKeyRole Role);
