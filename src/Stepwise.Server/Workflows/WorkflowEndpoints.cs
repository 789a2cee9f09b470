using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Definitions;
using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Workflows;

/// <summary>
/// <c>/api/v1/workflows</c>: deploy (YAML or JSON; every change is a new version), list, show, versions, delete.
/// Everything is scoped to the caller's organization.
/// </summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapWorkflowEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/workflows").WithTags("Workflows");
        group.MapPost("/", DeployAsync).RequireRole(ApiKeyRole.Developer)
            .WithMetadata(new Docs.RequestBodyDoc(
                "The workflow definition, YAML or JSON", "application/yaml", "application/json", "text/plain"))
            .Produces<WorkflowDeployed>(StatusCodes.Status201Created)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Deploy a workflow (YAML or JSON); a changed source becomes a new version");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("List the organization's workflows with their current versions and triggers");
        group.MapGet("/{name}", GetAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Show a workflow's current version: params, triggers, nodes and source");
        group.MapGet("/{name}/versions", ListVersionsAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("List every version of a workflow, newest first");
        group.MapGet("/{name}/versions/{version:int}", GetVersionAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Show one version of a workflow (the one a run is pinned to)");
        group.MapDelete("/{name}", DeleteAsync).RequireRole(ApiKeyRole.Developer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Delete a workflow; runs already started keep their pinned version");
        return routes;
    }

    public static ErrorResult InvalidName(string name) =>
        ApiErrors.BadRequest($"Invalid workflow name '{Names.Quote(name)}': use {Names.WorkflowNameRule}");

    public static ErrorResult NotFound(string name) => ApiErrors.NotFound($"Workflow '{name}' not found");

    private static async Task<Results<Created<WorkflowDeployed>, Ok<WorkflowDeployed>, ErrorResult>> DeployAsync(
        WorkflowUpload upload,
        Caller caller,
        WorkflowValidation validation,
        IWorkflowDirectory directory,
        TriggerTable triggerTable,
        TriggerHost triggers,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (DocumentReader.Read(upload.Text, upload.FileName, out var syntaxError) is null)
        {
            var format = DocumentReader.DetectFormat(upload.Text, upload.FileName) == DocumentFormat.Json ? "JSON" : "YAML";
            var at = syntaxError!.Location is { Line: > 0 } location ? location : null;
            var reason = syntaxError.Message.StartsWith($"Invalid {format}: ", StringComparison.Ordinal)
                ? syntaxError.Message[$"Invalid {format}: ".Length..]
                : syntaxError.Message;
            return ApiErrors.BadRequest(
                at is null
                    ? $"Malformed {format}: {reason}"
                    : $"Malformed {format} at line {at.Line}, column {at.Column}: {reason}",
                at is null ? null : new JsonObject { ["line"] = at.Line, ["column"] = at.Column });
        }

        var result = await validation.ValidateAsync(caller.OrgId, upload.Text, upload.FileName, cancellationToken);
        var diagnostics = result.Diagnostics.Select(DiagnosticDto.From).ToList();
        if (result.Definition is not { } definition)
        {
            var errors = diagnostics.Where(d => d.Severity == "error").ToList();
            var details = new JsonObject
            {
                ["diagnostics"] = new JsonArray([.. diagnostics.Select(ToJson)]),
            };
            if (result.Name is not null)
            {
                details["name"] = result.Name;
            }

            return ApiErrors.Validation(
                $"Workflow is invalid ({errors.Count} {(errors.Count == 1 ? "problem" : "problems")}): " +
                string.Join("; ", errors.Select(e => e.ToString())),
                details);
        }

        if (triggerTable.WebhookConflict(caller.OrgId, definition) is { } conflict)
        {
            return ApiErrors.Conflict(conflict);
        }

        var deployment = await directory.DeployAsync(caller.OrgId, definition.Name, upload.Text, cancellationToken);
        await triggers.ApplyAsync(caller.OrgId, definition.Name, deployment.Version, CancellationToken.None);
        var version = deployment.Version;
        await audit.RecordAsync(
            new AuditEntry(
                AuditActions.WorkflowDeploy, "workflow", version.Name,
                Detail: $"version {version.Version}{(deployment.Created ? "" : " (unchanged)")}"),
            CancellationToken.None);
        var answer = new WorkflowDeployed(
            version.Name, version.Version, deployment.Created, version.ContentHash, version.CreatedAt,
            [.. diagnostics.Where(d => d.Severity == "warning")]);
        return deployment.Created
            ? TypedResults.Created($"/api/v1/workflows/{version.Name}", answer)
            : TypedResults.Ok(answer);
    }

    private static async Task<Ok<WorkflowList>> ListAsync(
        Caller caller, IWorkflowDirectory directory, DefinitionCache definitions, CancellationToken cancellationToken)
    {
        var current = await directory.ListAsync(caller.OrgId, cancellationToken);
        var items = current.Select(summary =>
        {
            var definition = definitions.Load(summary.Latest).Definition;
            return new WorkflowSummary(
                summary.Latest.Name,
                definition?.Description,
                summary.Latest.Version,
                summary.VersionCount,
                summary.Latest.CreatedAt,
                definition is null ? [] : Triggers(definition));
        }).ToList();
        return TypedResults.Ok(new WorkflowList(items));
    }

    private static async Task<Results<Ok<WorkflowDetail>, ErrorResult>> GetAsync(
        string name, Caller caller, IWorkflowDirectory directory, DefinitionCache definitions, TriggerHost triggers,
        CancellationToken cancellationToken)
    {
        if (!Names.IsWorkflowName(name))
        {
            return InvalidName(name);
        }

        var current = await directory.GetCurrentAsync(caller.OrgId, name, cancellationToken);
        if (current is null)
        {
            return NotFound(name);
        }

        var versions = await directory.ListVersionsAsync(caller.OrgId, name, cancellationToken);
        return TypedResults.Ok(Detail(current, versions.Count, definitions, caller) with
        {
            Schedules = TriggerViews.Schedules(triggers, caller.OrgId, name),
            FileWatches = TriggerViews.FileWatches(triggers, caller.OrgId, name),
        });
    }

    private static async Task<Results<Ok<WorkflowDetail>, ErrorResult>> GetVersionAsync(
        string name, int version, Caller caller, IWorkflowStore store, IWorkflowDirectory directory,
        DefinitionCache definitions, CancellationToken cancellationToken)
    {
        if (!Names.IsWorkflowName(name))
        {
            return InvalidName(name);
        }

        var record = version < 1 ? null : await store.GetVersionAsync(caller.OrgId, name, version, cancellationToken);
        if (record is null)
        {
            return ApiErrors.NotFound($"Version {version} of workflow '{name}' not found");
        }

        var versions = await directory.ListVersionsAsync(caller.OrgId, name, cancellationToken);
        return TypedResults.Ok(Detail(record, versions.Count, definitions, caller));
    }

    private static async Task<Results<Ok<WorkflowVersionList>, ErrorResult>> ListVersionsAsync(
        string name, Caller caller, IWorkflowDirectory directory, CancellationToken cancellationToken)
    {
        if (!Names.IsWorkflowName(name))
        {
            return InvalidName(name);
        }

        var versions = await directory.ListVersionsAsync(caller.OrgId, name, cancellationToken);
        if (versions.Count == 0)
        {
            return NotFound(name);
        }

        return TypedResults.Ok(new WorkflowVersionList(
            name, [.. versions.Select(v => new WorkflowVersionDto(v.Version, v.ContentHash, v.CreatedAt))]));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(
        string name, Caller caller, IWorkflowDirectory directory, TriggerHost triggers, AuditTrail audit,
        CancellationToken cancellationToken)
    {
        if (!Names.IsWorkflowName(name))
        {
            return InvalidName(name);
        }

        if (!await directory.DeleteAsync(caller.OrgId, name, cancellationToken))
        {
            return NotFound(name);
        }

        await audit.RecordAsync(new AuditEntry(AuditActions.WorkflowDelete, "workflow", name), CancellationToken.None);

        await triggers.ApplyAsync(caller.OrgId, name, null, CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static WorkflowDetail Detail(WorkflowVersionRecord record, int versions, DefinitionCache definitions, Caller caller)
    {
        var definition = definitions.Load(record).Definition;
        JsonObject? shape = null;
        if (definition is not null)
        {
            var json = DefinitionJson.ToJson(definition);
            shape = new JsonObject
            {
                ["timeout"] = json["timeout"]?.DeepClone(),
                ["max_parallel_nodes"] = json["max_parallel_nodes"]?.DeepClone(),
                ["priority"] = json["priority"]?.DeepClone(),
                ["on_failure"] = json["on_failure"]?.DeepClone(),
                ["params"] = json["params"]?.DeepClone(),
                ["triggers"] = Triggers(definition),
                ["nodes"] = new JsonArray([.. definition.Nodes.Select(GraphNode.ToJson)]),
                ["connections"] = json["connections"]?.DeepClone(),
            };
        }

        return new WorkflowDetail(
            record.Name, definition?.Description, record.Version, versions, record.CreatedAt, record.ContentHash,
            shape, caller.Role == ApiKeyRole.Admin ? record.Source : WebhookSecretMask.Source(record.Source, definition));
    }

    private static JsonArray Triggers(WorkflowDefinition definition) =>
        DefinitionJson.ToJson(definition)["triggers"] is JsonArray triggers
            ? WebhookSecretMask.Triggers((JsonArray)triggers.DeepClone(), definition)
            : [];

    private static JsonObject ToJson(DiagnosticDto diagnostic) => new()
    {
        ["severity"] = diagnostic.Severity,
        ["message"] = diagnostic.Message,
        ["line"] = diagnostic.Line,
        ["column"] = diagnostic.Column,
        ["type"] = diagnostic.Type,
    };
}
