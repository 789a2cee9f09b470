using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Server.Docs;
using Stepwise.Server.Json;
using Stepwise.Server.Queue;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Hosting;

/// <summary>The services of the server; options are read lazily so tests and the CLI can supply configuration.</summary>
internal static class ServerServices
{
    public static IServiceCollection AddStepwiseServer(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ServerSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<KestrelServerOptions>().Configure<ServerOptions>((kestrel, options) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        services.AddOptions<HostOptions>().Configure<ServerOptions>((host, options) =>
            host.ShutdownTimeout = options.ShutdownGrace + TimeSpan.FromSeconds(15));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<JsonOptions>().Configure<ServerOptions>((json, options) =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Encoder = ApiJson.Options.Encoder;
            json.SerializerOptions.MaxDepth = options.MaxJsonDepth;
        });
        services.TryAddSingleton(Console.Out);
        services.AddStepwiseOpenApi();
        services.AddSingleton<StoreHost>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreHost>());
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Organizations);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.ApiKeys);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.WorkflowDirectory);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.ExecutionQueries);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Executions);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Workflows);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Journal);
        services.AddSingleton<Auth.ApiKeyAuthenticator>();
        Auth.AuthServices.AddStepwiseAuth(services);
        services.AddSingleton(sp => BuiltInActions.CreateRegistry(
            timeProvider: sp.GetRequiredService<TimeProvider>(), loggerFactory: sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton<Workflows.WorkflowValidation>();
        services.AddSingleton<Executions.EngineHost>();
        services.AddSingleton<Executions.ExecutionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Executions.ExecutionWorker>());
        services.AddStepwiseTriggers();
        Actions.ActionEndpoints.AddStepwiseActionTrials(services);
        Resilience.CircuitBreakerEndpoints.AddStepwiseCircuitBreakers(services);
        services.AddStepwiseQueueAdmin();
        Secrets.SecretServices.AddStepwiseSecrets(services);
        RetentionServices.AddStepwiseRetention(services);
        Observability.OperationsServices.AddStepwiseOperations(services);
        RateLimiting.RateLimitServices.AddStepwiseRateLimiting(services);
        Tls.TlsServices.AddStepwiseTls(services);
        return services;
    }
}
