using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Auth;

/// <summary>
/// Turns a request's API key or bearer JWT and X-Organization-Id into a <see cref="Caller"/>, or the error that
/// says why not: 401 AUTH005 <c>missing authentication token</c>, 401 <c>Invalid API key</c>, an AUTH error for a
/// bad JWT (<see cref="Jwt.JwtErrors"/>), 404 <c>Organization 'x' not found</c>, 403 <c>Organization 'x' is
/// inactive</c>, 403 for a role too low or another organization's key or token, 401 <c>This user is disabled</c>.
/// </summary>
internal sealed class ApiKeyAuthenticator(
    IApiKeyStore keys, IOrganizationStore organizations, IUserStore users, Jwt.JwtValidator jwt)
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
                ["hint"] = "Send a JWT as 'Authorization: Bearer <token>', or an API key as 'X-API-Key: <key>', " +
                    "'Authorization: Bearer <key>', 'x-functions-key: <key>' or '?code=<key>'.",
            };
            if (presented.Problem is not null)
            {
                details["reason"] = presented.Problem;
            }

            return (null, Jwt.JwtErrors.Missing(details));
        }

        if (Jwt.JwtValidator.LooksLikeJwt(presented.Key))
        {
            return await AuthenticateTokenAsync(context, presented.Key, required, cancellationToken);
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

        if (await CheckOrganizationAsync(orgId, cancellationToken) is { } orgError)
        {
            return (null, orgError);
        }

        if (key.Role < required)
        {
            return (null, ApiErrors.Forbidden(
                $"This needs the {required.Name()} role; the API key has the {key.Role.Name()} role"));
        }

        return (new Caller(key.Id, CallerKind.ApiKey, orgId, key.Role, key.IsPlatformAdmin), null);
    }

    private async Task<(Caller? Caller, ErrorResult? Error)> AuthenticateTokenAsync(
        HttpContext context, string token, ApiKeyRole required, CancellationToken cancellationToken)
    {
        var (identity, error) = await jwt.ValidateAsync(token, cancellationToken);
        if (identity is null)
        {
            return (null, error);
        }

        // A token of a local user stops working when the user is disabled, not only when it expires. Subjects of an
        // external identity provider are no local user and pass.
        if (await users.GetAsync(identity.Subject, cancellationToken) is { IsDisabled: true })
        {
            return (null, Unauthorized("This user is disabled", null));
        }

        var header = context.Request.Headers[OrganizationHeader].ToString().Trim();
        if (header.Length > 0 && header != identity.OrgId)
        {
            return (null, Names.IsOrgId(header)
                ? ApiErrors.Forbidden(
                    $"This token is for organization '{identity.OrgId}' and cannot act for organization '{header}'")
                : ApiErrors.BadRequest(
                    $"{OrganizationHeader} '{Names.Quote(header)}' is not an organization id: use {Names.OrgIdRule}"));
        }

        if (await CheckOrganizationAsync(identity.OrgId, cancellationToken) is { } orgError)
        {
            return (null, orgError);
        }

        if (identity.Role < required)
        {
            return (null, ApiErrors.Forbidden(
                $"This needs the {required.Name()} role; the token has the {identity.Role.Name()} role"));
        }

        return (new Caller(identity.Subject, CallerKind.User, identity.OrgId, identity.Role, false), null);
    }

    private async Task<ErrorResult?> CheckOrganizationAsync(string orgId, CancellationToken cancellationToken)
    {
        var organization = await organizations.GetAsync(orgId, cancellationToken);
        if (organization is null)
        {
            return ApiErrors.NotFound($"Organization '{orgId}' not found");
        }

        return organization.IsActive ? null : ApiErrors.Forbidden($"Organization '{orgId}' is inactive");
    }

    private static ErrorResult Unauthorized(string message, JsonObject? details) =>
        new(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message, details);
}
