using Stepwise.Core.Storage;
using Stepwise.Server.Auth;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// After authentication: a request with <c>X-Debug: true</c> made with an admin key (or a platform admin's) is
/// logged at debug level from here on, whatever LOG_LEVEL says. On open endpoints (health, metrics) the presented
/// key is checked here. Anyone else's X-Debug is ignored and says so in the log.
/// </summary>
internal sealed class DebugRequestMiddleware(
    RequestDelegate next, ILogger<DebugRequestMiddleware> logger, ApiKeyAuthenticator authenticator)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers[DebugRequests.HeaderName], "true", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var caller = context.Features.Get<Caller>();
        if (caller is null && PresentedKey.Read(context.Request).Key is not null)
        {
            (caller, _) = await authenticator.AuthenticateAsync(context, ApiKeyRole.Admin, context.RequestAborted);
        }

        if (caller is { Role: ApiKeyRole.Admin } or { IsPlatformAdmin: true })
        {
            DebugRequests.Activate();
            Log.DebugRequest(logger, caller.Id);
        }
        else
        {
            Log.DebugRequestRefused(logger);
        }

        await next(context);
    }
}
