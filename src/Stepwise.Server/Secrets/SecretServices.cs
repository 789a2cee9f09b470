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
        services.AddSingleton(sp => MasterKeys.Load(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerOptions>().DataDirectory));
        services.AddSingleton<SecretCipher>();
        services.AddHostedService<MasterKeyCheck>();
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Secrets);
        services.AddSingleton<IOrgConfigStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Config);
        services.AddSingleton<IOAuthConnectionStore>(sp => sp.GetRequiredService<StoreHost>().Storage.OAuthConnections);
        services.AddSingleton<OrgRunEnvironment>();
        services.AddSingleton<IRunEnvironmentProvider>(sp => sp.GetRequiredService<OrgRunEnvironment>());
        services.AddSingleton<OAuth.OAuthTokenService>();
        services.AddSingleton<IOAuthTokenSource>(sp => sp.GetRequiredService<OAuth.OAuthTokenService>());
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, OAuth.OAuthJsonContext.Default));
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, SecretsJsonContext.Default));
        return services;
    }
}
