using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth;

/// <summary>Endpoint metadata: the request needs an API key with at least this role.</summary>
internal sealed record RequiredRole(ApiKeyRole Role);
