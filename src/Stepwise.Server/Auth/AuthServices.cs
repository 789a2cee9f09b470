using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Auth;

/// <summary>The services of bearer tokens, users and login, and the audit trail.</summary>
internal static class AuthServices
{
    public static IServiceCollection AddStepwiseAuth(IServiceCollection services)
    {
        services.AddSingleton(sp => JwtOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<JwtSigningKey>();
        services.AddHttpClient(JwksCache.HttpClientName);
        services.AddSingleton<JwksCache>();
        services.AddSingleton<JwtValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Users);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.RefreshTokens);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Audit);
        services.AddSingleton<Login.TokenIssuer>();
        services.AddSingleton<Login.LoginService>();
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuditActor, Audit.HttpAuditActor>();
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<StoreHost>();
            return new AuditTrail(
                () => store.Storage.Audit, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IAuditActor>());
        });
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(
            json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AuthJsonContext.Default));
        return services;
    }
}
