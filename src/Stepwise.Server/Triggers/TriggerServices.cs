using Microsoft.AspNetCore.Http.Json;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Triggers;

/// <summary>The services of webhooks, schedules and file watches.</summary>
internal static class TriggerServices
{
    /// <summary>Register after the worker: hosted services stop in reverse order, so triggers stop first.</summary>
    public static IServiceCollection AddStepwiseTriggers(this IServiceCollection services)
    {
        services.AddSingleton(sp => TriggerOptions.Read(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerOptions>()));
        services.AddSingleton<TriggerTable>();
        services.AddSingleton<TriggerRunStarter>();
        services.AddSingleton<WebhookHandler>();
        services.AddSingleton<TriggerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<TriggerHost>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TriggerJsonContext.Default));
        return services;
    }

    public static IEndpointRouteBuilder MapTriggerEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapWebhookEndpoints().MapScheduleEndpoints();
}
