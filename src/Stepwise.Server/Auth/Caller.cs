using System.Reflection;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth;

/// <summary>
/// Who is calling: an API key (<see cref="Id"/> is the key id) or a user with a bearer JWT (<see cref="Id"/> is the
/// token's subject), the organization the request acts for (the key's or token's own, or the one a platform admin
/// chose with X-Organization-Id) and the role. Endpoints take it as a parameter; the authentication middleware sets it.
/// </summary>
internal sealed record Caller(string Id, CallerKind Kind, string OrgId, ApiKeyRole Role, bool IsPlatformAdmin)
{
    /// <summary>The actor type of audit entries: <c>key</c> or <c>user</c>.</summary>
    public string ActorType => Kind == CallerKind.User ? "user" : "key";

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>()
            ?? throw new InvalidOperationException(
                $"Endpoint {context.GetEndpoint()?.DisplayName} takes a Caller but does not require a role."));
}
