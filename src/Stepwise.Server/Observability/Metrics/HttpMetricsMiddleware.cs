using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// Counts and times every request with its route template (never the raw path, which would make a series per id),
/// after the error handlers have set the final status.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, ServerMetrics metrics)
{
    public const string Unmatched = "unmatched";

    // The route as recorded ("/" + its template), made once per route instead of once per request. Keyed by the
    // templates of the server's own endpoints, so it holds as many as there are routes.
    private static readonly ConcurrentDictionary<string, string> Routes = new(StringComparer.Ordinal);

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
                ? Routes.GetOrAdd(pattern, static template => "/" + template.Trim('/'))
                : Unmatched;
            metrics.RecordRequest(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}
