using Stepwise.Server.Docs;
using Stepwise.Server.Endpoints;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;
using Stepwise.Server.Queue;
using Stepwise.Server.Triggers;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Hosting;

/// <summary>The middleware order: request id first, then the one exception handler and status pages, then routing.</summary>
internal static class ServerPipeline
{
    public static WebApplication UseStepwisePipeline(this WebApplication app)
    {
        app.UseMiddleware<Observability.Tracing.TraceResponseMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<Observability.Metrics.HttpMetricsMiddleware>();
        app.UseExceptionHandler(ExceptionResponses.CreateOptions());
        app.UseStatusCodePages(StatusCodeResponses.WriteAsync);
        app.UseRouting();
        app.UseMiddleware<Auth.ApiKeyMiddleware>();
        app.UseMiddleware<Observability.Logging.DebugRequestMiddleware>();
        app.MapHealthEndpoints();
        app.MapDebugEndpoints();
        Observability.Metrics.MetricsEndpoints.MapMetricsEndpoints(app);
        app.MapWorkflowEndpoints();
        app.MapExecutionEndpoints();
        app.MapTriggerEndpoints();
        app.MapJobEndpoints();
        Auth.Login.LoginEndpoints.MapLoginEndpoints(app);
        Audit.AuditEndpoints.MapAuditEndpoints(app);
        app.MapDocsEndpoints();
        return app;
    }
}
