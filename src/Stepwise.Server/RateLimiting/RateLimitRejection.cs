using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Stepwise.Core.Definitions;
using Stepwise.Server.Errors;

namespace Stepwise.Server.RateLimiting;

/// <summary>The 429 of a request over its budget, in the error envelope; the limiter has set the headers already.</summary>
internal static class RateLimitRejection
{
    public static ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        WriteAsync(context.HttpContext, context.Lease);

    public static async ValueTask WriteAsync(HttpContext http, RateLimitLease refused)
    {
        if (refused is not ApiRateLimitLease { Decision: { } decision } lease)
        {
            await ErrorWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Rate limit exceeded");
            return;
        }

        var whose = lease.Scope == RateLimitScope.Key ? "this API key" : "this client address";
        var period = Duration.Format(lease.Period);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"Rate limit exceeded for {whose}: {decision.Limit} requests per {period}; retry after {decision.ResetSeconds}s");
        var details = new JsonObject
        {
            ["scope"] = lease.Scope == RateLimitScope.Key ? "key" : "ip",
            ["limit"] = decision.Limit,
            ["period"] = period,
            ["retry_after_seconds"] = decision.ResetSeconds,
        };
        await ErrorWriter.WriteAsync(http, StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, message, details);
    }
}
