using System.Diagnostics;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// Counts and times every request with its route template (never the raw path, which would make a series per id),
/// after the error handlers have set the final status.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, ServerMetrics metrics)
{
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } pattern
                ? "/" + pattern.Trim('/')
                : Unmatched;
            metrics.RecordRequest(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}
