namespace Stepwise.Server.RateLimiting;

/// <summary>The outcome of one request against its budget, as the X-RateLimit-* headers report it.</summary>
/// <param name="ResetAfter">Time until the current window ends and the budget is full again.</param>
internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, TimeSpan ResetAfter)
{
    /// <summary>Whole seconds until the window resets, rounded up so a client that waits this long is served.</summary>
    public long ResetSeconds => Math.Max(1, (long)Math.Ceiling(ResetAfter.TotalSeconds));
}
