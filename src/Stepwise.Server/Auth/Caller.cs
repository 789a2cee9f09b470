using System.Reflection;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth;

/// <summary>
/// Who is calling: the key, the organization the request acts for (the key's own, or the one a platform admin chose
/// with X-Organization-Id) and the key's role. Endpoints take it as a parameter; the API key middleware sets it.
/// </summary>
internal sealed record Caller(string KeyId, string OrgId, ApiKeyRole Role, bool IsPlatformAdmin)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>()
            ?? throw new InvalidOperationException(
                $"Endpoint {context.GetEndpoint()?.DisplayName} takes a Caller but does not require a role."));
}
