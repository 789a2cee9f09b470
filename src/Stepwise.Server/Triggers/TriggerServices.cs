using Microsoft.AspNetCore.Http.Json;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Triggers;

/// <summary>The HTTP services of webhooks, schedules and file watches.</summary>
internal static class TriggerServices
{
    /// <summary>The HTTP side: the webhook handler and the JSON of the schedule views (the triggers are hosting's).</summary>
    public static IServiceCollection AddStepwiseTriggers(this IServiceCollection services)
    {
        services.AddSingleton<WebhookHandler>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TriggerJsonContext.Default));
        return services;
    }

    public static IEndpointRouteBuilder MapTriggerEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapWebhookEndpoints().MapScheduleEndpoints();
}
