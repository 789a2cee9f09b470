using System.Globalization;

namespace Stepwise.Server.RateLimiting;

/// <summary>The X-RateLimit-* headers, on served and refused responses alike, and Retry-After on a refusal.</summary>
internal static class RateLimitHeaders
{
    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string Reset = "X-RateLimit-Reset";

    public static void Write(HttpResponse response, RateLimitDecision decision)
    {
        if (response.HasStarted)
        {
            return;
        }

        var headers = response.Headers;
        headers[Limit] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers[Remaining] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers[Reset] = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            headers.RetryAfter = decision.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
