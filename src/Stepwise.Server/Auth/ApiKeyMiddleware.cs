namespace Stepwise.Server.Auth;

/// <summary>
/// After routing: an endpoint that requires a role gets its caller authenticated here, or the request ends with the
/// error envelope. Endpoints without the requirement (health, docs) are open; no route means no authentication,
/// so an unknown path answers 404.
/// </summary>
/// <remarks>Its services come through the constructor (they are singletons): an extra parameter on InvokeAsync makes
/// ASP.NET Core compile an expression tree per middleware at start, which alone loads System.Linq.Expressions.</remarks>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, RateLimiting.ApiRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredRole>();
        if (required is null)
        {
            await next(context);
            return;
        }

        var (caller, error) = await authenticator.AuthenticateAsync(context, required.Role, context.RequestAborted);
        if (error is not null)
        {
            if (error.StatusCode == StatusCodes.Status401Unauthorized)
            {
                // A refused credential spends its client address's budget (the limiter after this middleware never
                // sees it), so guessing keys or tokens is limited like any anonymous request.
                using var lease = limiter.AttemptAcquire(context);
                if (!lease.IsAcquired)
                {
                    await RateLimiting.RateLimitRejection.WriteAsync(context, lease);
                    return;
                }

                context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
            }

            await error.ExecuteAsync(context);
            return;
        }

        context.Features.Set<Caller>(caller);
        await next(context);
    }
}
