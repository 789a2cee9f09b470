namespace Stepwise.Core.Scheduling;

/// <summary>An OAuth access token for a code workflow, or why there is none.</summary>
public sealed record OAuthTokenLookup(string? AccessToken, string? Error);
