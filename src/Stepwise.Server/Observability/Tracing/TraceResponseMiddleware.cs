using System.Diagnostics;

namespace Stepwise.Server.Observability.Tracing;

/// <summary>
/// Answers with the request span's W3C <c>traceparent</c>, so a caller can find the trace of its request, and
/// describes the span by OpenTelemetry's HTTP conventions. Taking <see cref="TraceExport"/> starts the span listeners
/// with the pipeline, before the first request.
/// </summary>
internal sealed class TraceResponseMiddleware(RequestDelegate next, TraceExport export)
{
    // Held so the pipeline owns the listeners from its first request.
    private readonly TraceExport _export = export;

    public const string HeaderName = "traceparent";

    public async Task InvokeAsync(HttpContext context)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } activity)
        {
            await next(context);
            return;
        }

        var traceparent = activity.Id!;
        context.Response.OnStarting(
            static state =>
            {
                var (http, value) = ((HttpContext, string))state;
                http.Response.Headers[HeaderName] = value;
                return Task.CompletedTask;
            },
            (context, traceparent));
        // No logging scope of its own: the request's lines carry trace_id (and span_id, parent_id) from the current
        // span through the logging's activity tracking (LoggingSetup); a scope here cost two changes of the
        // execution context per request for a field already there.
        try
        {
            await next(context);
        }
        finally
        {
            if (activity.IsAllDataRequested)
            {
                Describe(activity, context);
            }
        }
    }

    /// <summary>The HTTP semantic conventions of OpenTelemetry, which ASP.NET Core leaves to an instrumentation package.</summary>
    private static void Describe(Activity activity, HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var method = context.Request.Method;
        var status = context.Response.StatusCode;
        activity.DisplayName = route is null ? method : $"{method} /{route.Trim('/')}";
        activity.SetTag("http.request.method", method)
            .SetTag("url.path", context.Request.Path.Value)
            .SetTag("http.response.status_code", status)
            .SetTag("stepwise.request_id", context.TraceIdentifier);
        if (route is not null)
        {
            activity.SetTag("http.route", "/" + route.Trim('/'));
        }

        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }
}
