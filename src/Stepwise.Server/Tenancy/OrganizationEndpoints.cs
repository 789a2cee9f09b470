using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Tenancy;

/// <summary>
/// <c>/api/v1/organizations</c>: a platform admin lists, creates, activates and deactivates organizations; an
/// organization's admin sees only its own. Every change is audited in the organization it changes.
/// </summary>
internal static class OrganizationEndpoints
{
    private static readonly string[] Fields = ["id", "name"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/organizations").WithTags("Organizations");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Admin)
            .WithSummary("Organizations: every one for a platform admin, the caller's own for an organization's admin");
        group.MapPost("/", CreateAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create an organization: {\"id\", \"name\"} (platform admin; audited)");
        group.MapPost("/{id}/activate", (string id, Caller caller, IOrganizationStore organizations, IApiKeyStore keys, AuditTrail audit, CancellationToken cancellationToken) =>
                SetActiveAsync(id, true, caller, organizations, keys, audit, cancellationToken))
            .RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Activate an organization (platform admin; audited)");
        group.MapPost("/{id}/deactivate", (string id, Caller caller, IOrganizationStore organizations, IApiKeyStore keys, AuditTrail audit, CancellationToken cancellationToken) =>
                SetActiveAsync(id, false, caller, organizations, keys, audit, cancellationToken))
            .RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Deactivate an organization: its keys and users get 403 until it is activated (platform admin; audited)");
    }

    private static async Task<Ok<OrganizationList>> ListAsync(
        Caller caller, IOrganizationStore organizations, CancellationToken cancellationToken)
    {
        if (caller.IsPlatformAdmin)
        {
            var all = await organizations.ListAsync(cancellationToken);
            return TypedResults.Ok(new OrganizationList([.. all.Select(OrganizationDto.From)]));
        }

        var own = await organizations.GetAsync(caller.OrgId, cancellationToken);
        return TypedResults.Ok(new OrganizationList(own is null ? [] : [OrganizationDto.From(own)]));
    }

    private static async Task<Results<Created<OrganizationDto>, ErrorResult>> CreateAsync(
        Caller caller,
        JsonObjectBody body,
        IOrganizationStore organizations,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        BodyFields.CheckKnown(body.Value, Fields, problems);
        var id = BodyFields.Text(body.Value, "id", required: true, problems);
        if (id is not null && !Names.IsOrgId(id))
        {
            problems.Add($"'{Names.Quote(id)}' is not an organization id: use {Names.OrgIdRule}");
        }

        var name = BodyFields.Text(body.Value, "name", required: false, problems);
        if (name is { Length: > 200 })
        {
            problems.Add($"Field 'name' is {name.Length} characters; a name has at most 200");
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        if (PlatformAdmin.Require(caller, "Creating an organization") is { } refused)
        {
            return refused;
        }

        var organization = new OrganizationRecord(id!, name ?? id!, true, time.GetUtcNow());
        if (!await organizations.EnsureAsync(organization, cancellationToken))
        {
            return ApiErrors.Conflict($"Organization '{id}' already exists");
        }

        await audit.RecordAsync(
            new AuditEntry(AuditActions.OrgCreate, "organization", id) { OrgId = id }, CancellationToken.None);
        return TypedResults.Created($"/api/v1/organizations/{id}", OrganizationDto.From(organization));
    }

    private static async Task<Results<Ok<OrganizationDto>, ErrorResult>> SetActiveAsync(
        string id,
        bool isActive,
        Caller caller,
        IOrganizationStore organizations,
        IApiKeyStore keys,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        // To an organization's admin, other organizations do not exist (as in the list).
        var organization = Names.IsOrgId(id) && (caller.IsPlatformAdmin || id == caller.OrgId)
            ? await organizations.GetAsync(id, cancellationToken)
            : null;
        if (organization is null)
        {
            return ApiErrors.NotFound($"Organization '{Names.Quote(id)}' not found");
        }

        if (PlatformAdmin.Require(caller, isActive ? "Activating an organization" : "Deactivating an organization") is { } refused)
        {
            return refused;
        }

        // A platform admin key belongs to an organization too: deactivating it would lock the key out.
        if (!isActive && caller.Kind == CallerKind.ApiKey
            && await keys.GetAsync(caller.Id, cancellationToken) is { } own && own.OrgId == id)
        {
            return ApiErrors.Conflict(
                $"Organization '{id}' holds the key making this request; deactivate it with a platform admin key of another organization");
        }

        await organizations.SetActiveAsync(id, isActive, cancellationToken);
        await audit.RecordAsync(
            new AuditEntry(isActive ? AuditActions.OrgActivate : AuditActions.OrgDeactivate, "organization", id) { OrgId = id },
            CancellationToken.None);
        return TypedResults.Ok(OrganizationDto.From(organization with { IsActive = isActive }));
    }
}
