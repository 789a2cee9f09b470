using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Stepwise.Hosting;
using Stepwise.Server.Docs;
using Stepwise.Server.Http;
using Stepwise.Server.Json;
using Stepwise.Server.Queue;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Hosting;

/// <summary>
/// The HTTP side of the server on top of <see cref="Stepwise.Hosting.HostingServices.AddStepwiseHosting"/>; options are read
/// lazily so tests and the CLI can supply configuration.
/// </summary>
internal static class ServerServices
{
    public static IServiceCollection AddStepwiseServer(this IServiceCollection services)
    {
        // The key fingerprint check runs right after the store opens, before the worker or any trigger starts.
        services.AddStepwiseHosting(afterStore: static s => s.AddHostedService<Secrets.KeyFingerprintCheck>());
        services.AddOptions<KestrelServerOptions>().Configure<ServerOptions>((kestrel, options) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;

            // RequestLimitsMiddleware answers the real limits first, with a message naming the limit; past the margin
            // Kestrel rejects the request itself and Http.Rejections.KestrelRejections gives that answer the envelope.
            kestrel.Limits.MaxRequestLineSize = RequestLimitsMiddleware.MaxRequestTargetBytes * RequestLimitsMiddleware.KestrelMargin;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestLimitsMiddleware.MaxHeaderBytes * RequestLimitsMiddleware.KestrelMargin;
        });
        services.AddOptions<HostOptions>().Configure<ServerOptions>((host, options) =>
            host.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(15));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<JsonOptions>().Configure<ServerOptions>((json, options) =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = ApiJson.Options.Encoder;

            // Answers carry stored JSON, which wraps what requests sent: request bodies are held to MaxJsonDepth
            // where they are parsed (RequestBody.ParseJson, WebhookPayload), answers only to the stored limit.
            json.SerializerOptions.MaxDepth = Stepwise.Core.Storage.StoredJson.MaxDepth;
        });
        services.AddSingleton<Http.Rejections.KestrelRejections>();
        services.AddStepwiseOpenApi();
        services.AddSingleton<Auth.ApiKeyAuthenticator>();
        Auth.AuthServices.AddStepwiseAuth(services);
        services.AddSingleton<Workflows.WorkflowValidation>();
        services.AddStepwiseTriggers();
        Actions.ActionEndpoints.AddStepwiseActionTrials(services);
        Resilience.CircuitBreakerEndpoints.AddStepwiseCircuitBreakers(services);
        Endpoints.ProfileEndpoints.AddStepwiseProfiles(services);
        Tenancy.TenancyServices.AddStepwiseTenancyApi(services);
        services.AddStepwiseQueueAdmin();
        Secrets.SecretServices.AddStepwiseSecrets(services);
        Records.RecordServices.AddStepwiseRecords(services);
        Signals.SignalServices.AddStepwiseSignals(services);
        Observability.OperationsServices.AddStepwiseOperations(services);
        RateLimiting.RateLimitServices.AddStepwiseRateLimiting(services);
        Tls.TlsServices.AddStepwiseTls(services);
        Dashboard.DashboardServices.AddStepwiseDashboard(services);
        return services;
    }
}
