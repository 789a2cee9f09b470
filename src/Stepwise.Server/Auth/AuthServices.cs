using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Auth;

/// <summary>The services of bearer tokens, users and login, and the audit actor of a request.</summary>
internal static class AuthServices
{
    public static IServiceCollection AddStepwiseAuth(IServiceCollection services)
    {
        services.AddSingleton(sp => JwtOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<JwtSigningKey>();
        services.AddHttpClient(JwksCache.HttpClientName);
        services.AddSingleton<JwksCache>();
        services.AddSingleton<JwtValidator>();
        services.AddSingleton<Login.TokenIssuer>();
        services.AddSingleton<Login.LoginService>();
        services.AddHttpContextAccessor();
        // The audit trail of hosting names the caller of the current request through this.
        services.AddSingleton<IAuditActor, Audit.HttpAuditActor>();
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(
            json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AuthJsonContext.Default));
        return services;
    }
}
