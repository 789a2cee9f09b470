using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Actions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Secrets;

/// <summary>The services of secrets, organization configuration and OAuth connections.</summary>
internal static class SecretServices
{
    public static IServiceCollection AddStepwiseSecrets(this IServiceCollection services)
    {
        services.AddSingleton<OAuth.OAuthTokenService>();
        services.AddSingleton<IOAuthTokenSource>(sp => sp.GetRequiredService<OAuth.OAuthTokenService>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, OAuth.OAuthJsonContext.Default));
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SecretsJsonContext.Default));
        return services;
    }
}
