using System.Diagnostics;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Http;

/// <summary>
/// First in the pipeline: picks the request id, returns it on the response, puts it on every log line of the
/// request (a logging scope), and logs <c>request.start</c> and <c>request.end</c>.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = RequestIds.Choose(context.Request.Headers[RequestIds.HeaderName].ToString(), time);
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(
            static state =>
            {
                RequestIds.Stamp((HttpContext)state);
                return Task.CompletedTask;
            },
            context);
        using var scope = logger.BeginScope(new FieldScope("request_id", requestId));
        var method = context.Request.Method;
        var path = RequestPath.ForLog(context);
        Log.RequestStart(logger, method, path, requestId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.RequestEnd(
                logger, method, path, context.Response.StatusCode, Math.Round(elapsed, 2), requestId,
                context.Features.Get<Auth.Caller>()?.Id);
        }
    }
}
