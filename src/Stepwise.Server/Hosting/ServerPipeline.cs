using Stepwise.Hosting.Configuration;
using Stepwise.Server.Docs;
using Stepwise.Server.Endpoints;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;
using Stepwise.Server.Queue;
using Stepwise.Server.Tls;
using Stepwise.Server.Triggers;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Hosting;

/// <summary>The middleware order: request id first, then the one exception handler and status pages, then client
/// certificates, routing, authentication and the rate limiter.</summary>
internal static class ServerPipeline
{
    public static WebApplication UseStepwisePipeline(this WebApplication app)
    {
        app.UseMiddleware<Observability.Tracing.TraceResponseMiddleware>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<Observability.Metrics.HttpMetricsMiddleware>();
        app.UseExceptionHandler(ExceptionResponses.CreateOptions());
        app.UseMiddleware<StatusCodeBodyMiddleware>();
        app.UseClientCertificates();
        app.UseRouting();
        app.UseMiddleware<Auth.ApiKeyMiddleware>();

        // After authentication, so a request spends its caller's budget rather than its address's. With both limits
        // off every request's lease is unlimited, so the middleware is left out rather than run for nothing (the
        // limits are read once, at start).
        if (app.Services.GetRequiredService<RateLimitOptions>() is { PerKey: not null } or { PerIp: not null })
        {
            app.UseRateLimiter();
        }

        app.UseMiddleware<Observability.Logging.DebugRequestMiddleware>();

        // What no endpoint matched and is not an API path is the dashboard's: its files, or its page for a client route.
        app.UseMiddleware<Dashboard.DashboardMiddleware>();
        app.MapHealthEndpoints();
        app.MapDebugEndpoints();
        Observability.Metrics.MetricsEndpoints.MapMetricsEndpoints(app);
        app.MapWorkflowEndpoints();
        Workspace.WorkspaceEndpoints.MapWorkspaceEndpoints(app);
        app.MapExecutionEndpoints();
        Signals.SignalEndpoints.MapSignalEndpoints(app);
        app.MapTriggerEndpoints();
        Actions.ActionEndpoints.MapActionEndpoints(app);
        Resilience.CircuitBreakerEndpoints.MapCircuitBreakerEndpoints(app);
        app.MapJobEndpoints();
        Secrets.SecretEndpoints.MapSecretEndpoints(app);
        Secrets.ConfigEndpoints.MapConfigEndpoints(app);
        OAuth.OAuthEndpoints.MapOAuthEndpoints(app);
        Auth.Login.LoginEndpoints.MapLoginEndpoints(app);
        Audit.AuditEndpoints.MapAuditEndpoints(app);
        Auth.CallerEndpoints.MapCallerEndpoints(app);
        Tenancy.TenancyServices.MapTenancyEndpoints(app);
        Records.RecordEndpoints.MapRecordEndpoints(app);
        Records.ReportEndpoints.MapReportEndpoints(app);
        Query.QueryEndpoints.MapQueryEndpoints(app);
        app.MapDocsEndpoints();
        return app;
    }
}
