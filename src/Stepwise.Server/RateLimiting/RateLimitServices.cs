using Microsoft.AspNetCore.RateLimiting;

namespace Stepwise.Server.RateLimiting;

/// <summary>The rate limiting middleware's services, with <see cref="ApiRateLimiter"/> as its one global limiter.</summary>
internal static class RateLimitServices
{
    public static IServiceCollection AddStepwiseRateLimiting(this IServiceCollection services)
    {
        services.AddSingleton(sp => RateLimitOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<ApiRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.WriteAsync;
        });
        return services;
    }
}
