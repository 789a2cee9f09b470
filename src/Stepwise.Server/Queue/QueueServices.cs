using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Queue;

/// <summary>The services of queue administration.</summary>
internal static class QueueServices
{
    public static IServiceCollection AddStepwiseQueueAdmin(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, QueueJsonContext.Default));
        return services;
    }
}
