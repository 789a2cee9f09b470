using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Auth;

/// <summary>
/// Turns a request's API key and X-Organization-Id into a <see cref="Caller"/>, or the error that says why not:
/// 401 <c>API key required</c> / <c>Invalid API key</c>, 404 <c>Organization 'x' not found</c>, 403
/// <c>Organization 'x' is inactive</c>, 403 for a role too low or another organization's key.
/// </summary>
internal sealed class ApiKeyAuthenticator(IApiKeyStore keys, IOrganizationStore organizations)
{
    public const string OrganizationHeader = "X-Organization-Id";

    private const int MaxKeyLength = 512;

    public async Task<(Caller? Caller, ErrorResult? Error)> AuthenticateAsync(
        HttpContext context, ApiKeyRole required, CancellationToken cancellationToken)
    {
        var presented = PresentedKey.Read(context.Request);
        if (presented.Key is null)
        {
            var details = new JsonObject
            {
                ["hint"] = "Send the key as 'X-API-Key: <key>', 'Authorization: Bearer <key>', " +
                    "'x-functions-key: <key>' or '?code=<key>'.",
            };
            if (presented.Problem is not null)
            {
                details["reason"] = presented.Problem;
            }

            return (null, Unauthorized("API key required", details));
        }

        var key = presented.Key.Length > MaxKeyLength
            ? null
            : await keys.FindByHashAsync(ApiKeySecrets.Hash(presented.Key), cancellationToken);
        if (key is null || key.IsRevoked)
        {
            return (null, Unauthorized("Invalid API key", null));
        }

        var orgId = key.OrgId;
        var header = context.Request.Headers[OrganizationHeader].ToString().Trim();
        if (header.Length > 0)
        {
            if (!Names.IsOrgId(header))
            {
                return (null, ApiErrors.BadRequest(
                    $"{OrganizationHeader} '{Names.Quote(header)}' is not an organization id: use {Names.OrgIdRule}"));
            }

            if (header != key.OrgId && !key.IsPlatformAdmin)
            {
                return (null, ApiErrors.Forbidden(
                    $"This API key belongs to organization '{key.OrgId}' and cannot act for organization '{header}'; " +
                    "only platform admin keys may choose an organization"));
            }

            orgId = header;
        }

        var organization = await organizations.GetAsync(orgId, cancellationToken);
        if (organization is null)
        {
            return (null, ApiErrors.NotFound($"Organization '{orgId}' not found"));
        }

        if (!organization.IsActive)
        {
            return (null, ApiErrors.Forbidden($"Organization '{orgId}' is inactive"));
        }

        if (key.Role < required)
        {
            return (null, ApiErrors.Forbidden(
                $"This needs the {required.Name()} role; the API key has the {key.Role.Name()} role"));
        }

        return (new Caller(key.Id, orgId, key.Role, key.IsPlatformAdmin), null);
    }

    private static ErrorResult Unauthorized(string message, JsonObject? details) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message, details);
}
