namespace Stepwise.Server.RateLimiting;

/// <summary>Whose budget a request spent: its caller's (API key or user) or its client address's.</summary>
internal enum RateLimitScope
{
    Key,
    ClientAddress,
}
