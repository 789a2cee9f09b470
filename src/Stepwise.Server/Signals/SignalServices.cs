using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Signals;
using Stepwise.Hosting.Signals;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Signals;

/// <summary>The services of signals and approvals: the store's waits (the engine parks runs with it) and links.</summary>
internal static class SignalServices
{
    public static IServiceCollection AddStepwiseSignals(this IServiceCollection services)
    {
        services.AddSingleton<ISignalStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Signals);
        services.AddSingleton<ApprovalLinks>();
        services.AddSingleton<IApprovalLinks>(sp => sp.GetRequiredService<ApprovalLinks>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SignalsJsonContext.Default));
        return services;
    }
}
