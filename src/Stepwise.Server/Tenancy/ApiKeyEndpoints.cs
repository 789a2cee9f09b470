using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Tenancy;

/// <summary>
/// <c>/api/v1/api-keys</c>: an organization's admin lists, creates and revokes the organization's keys. A new key
/// is answered once; only its hash is stored. Platform admin keys are made and revoked by platform admins only.
/// </summary>
internal static class ApiKeyEndpoints
{
    private static readonly string[] Fields = ["name", "role", "platform_admin"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/api-keys").WithTags("API keys");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Admin)
            .WithSummary("The organization's API keys, oldest first: id, name, role, prefix, times (never the key)");
        group.MapPost("/", CreateAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a key: {\"name\", \"role\", \"platform_admin\"}; the answer shows the key once (audited)");
        group.MapPost("/{id}/revoke", RevokeAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Revoke a key: requests with it get 401 at once, on every node (audited)");
    }

    private static async Task<Ok<ApiKeyList>> ListAsync(Caller caller, IApiKeyStore keys, CancellationToken cancellationToken)
    {
        var list = await keys.ListAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new ApiKeyList([.. list.Select(ApiKeyDto.From)]));
    }

    private static async Task<Results<Created<ApiKeyCreated>, ErrorResult>> CreateAsync(
        Caller caller,
        JsonObjectBody body,
        IApiKeyStore keys,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        BodyFields.CheckKnown(body.Value, Fields, problems);
        var name = BodyFields.Text(body.Value, "name", required: false, problems);
        if (name is { Length: > 200 })
        {
            problems.Add($"Field 'name' is {name.Length} characters; a name has at most 200");
        }

        var role = BodyFields.Role(body.Value, "role", fallback: null, problems);
        var platformAdmin = BodyFields.Flag(body.Value, "platform_admin", problems);
        if (platformAdmin && role is { } chosen && chosen != ApiKeyRole.Admin)
        {
            problems.Add("Field 'platform_admin' needs role admin");
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        if (platformAdmin && PlatformAdmin.Require(caller, "Creating a platform admin key") is { } refused)
        {
            return refused;
        }

        var (secret, hash, prefix) = ApiKeySecrets.Generate();
        var record = new ApiKeyRecord(
            ApiKeySecrets.NewId(), caller.OrgId, name ?? role!.Value.Name(), role!.Value, platformAdmin, hash, prefix,
            time.GetUtcNow(), null);
        await keys.CreateAsync(record, cancellationToken);
        await audit.RecordAsync(
            new AuditEntry(AuditActions.KeyCreate, "api_key", record.Id, Detail: record.Role.Name() + (platformAdmin ? " (platform)" : string.Empty)),
            CancellationToken.None);
        return TypedResults.Created(
            $"/api/v1/api-keys/{record.Id}",
            new ApiKeyCreated(record.Id, record.OrgId, record.Name, record.Role.Name(), record.IsPlatformAdmin, record.Prefix, record.CreatedAt, secret));
    }

    private static async Task<Results<Ok<ApiKeyDto>, ErrorResult>> RevokeAsync(
        string id,
        Caller caller,
        IApiKeyStore keys,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var key = id.Length is > 0 and <= Names.MaxLength ? await keys.GetAsync(id, cancellationToken) : null;
        if (key is null || key.OrgId != caller.OrgId)
        {
            return ApiErrors.NotFound($"API key '{Names.Quote(id)}' not found");
        }

        if (key.IsPlatformAdmin && PlatformAdmin.Require(caller, "Revoking a platform admin key") is { } refused)
        {
            return refused;
        }

        if (caller.Kind == CallerKind.ApiKey && key.Id == caller.Id)
        {
            return ApiErrors.Conflict($"API key '{key.Id}' is the key making this request; revoke it with another admin key");
        }

        var now = time.GetUtcNow();
        if (!await keys.RevokeAsync(key.Id, now, cancellationToken))
        {
            return ApiErrors.Conflict($"API key '{key.Id}' was already revoked");
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.KeyRevoke, "api_key", key.Id), CancellationToken.None);
        return TypedResults.Ok(ApiKeyDto.From(key with { RevokedAt = now }));
    }
}
