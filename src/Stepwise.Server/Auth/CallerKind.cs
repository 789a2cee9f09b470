namespace Stepwise.Server.Auth;

/// <summary>What authenticated a request: an API key, or a user's bearer JWT.</summary>
internal enum CallerKind
{
    ApiKey,
    User,
}
