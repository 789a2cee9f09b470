using Stepwise.Server.Auth;

namespace Stepwise.Server.Audit;

/// <summary>The actor of the current request: its authenticated caller, remote address and request id.</summary>
internal sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    public AuditActor? Current
    {
        get
        {
            var context = http.HttpContext;
            return context?.Features.Get<Caller>() is { } caller
                ? new AuditActor(caller.OrgId, caller.ActorType, caller.Id,
                    context.Connection.RemoteIpAddress?.ToString(), context.TraceIdentifier)
                : null;
        }
    }

    public (string? RemoteAddress, string? RequestId) Origin =>
        http.HttpContext is { } context
            ? (context.Connection.RemoteIpAddress?.ToString(), context.TraceIdentifier)
            : (null, null);
}
