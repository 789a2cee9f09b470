using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Actions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;
using Stepwise.Server.Workflows;
using Stepwise.Workspace;

namespace Stepwise.Server.Workspace;

/// <summary>
/// <c>/api/v1/workspace</c> (the serving version and the last build's errors), <c>/api/v1/data-providers</c> (list,
/// invoke with the form's other values) and <c>/api/v1/workflows/{name}/form</c> (the params as JSON Schema).
/// </summary>
internal static class WorkspaceEndpoints
{
    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/workspace", GetStatus).RequireRole(ApiKeyRole.Developer).WithTags("Workspace")
            .WithSummary("The serving workspace version and the errors of the last build (file:line:col)");
        var providers = routes.MapGroup("/api/v1/data-providers").WithTags("Workspace");
        providers.MapGet("/", ListProviders).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("List the workspace's data providers");
        // Runs workspace code with the organization's configuration and secrets: as much as starting a run may.
        providers.MapGet("/{name}", InvokeProviderAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("The options of a data provider, [{label, value}]; the form's other values go in the query");
        routes.MapGet("/api/v1/workflows/{name}/form", GetFormAsync).RequireRole(ApiKeyRole.Viewer).WithTags("Workflows")
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("A workflow's params as JSON Schema (2020-12), for run forms");
        return routes;
    }

    private static Ok<JsonObject> GetStatus(WorkspaceHost host)
    {
        var status = host.Status;
        var current = host.Current;
        return TypedResults.Ok(new JsonObject
        {
            ["folder"] = status.Folder,
            ["serving_version"] = status.ServingHash,
            ["serving_since"] = status.ServingSince,
            ["last_build_version"] = status.LastBuildHash,
            ["last_build_at"] = status.LastBuildAt,
            ["compile_ms"] = status.CompileMs,
            ["healthy"] = status.Healthy,
            ["workflows"] = new JsonArray([.. (current?.Workflows.Keys ?? []).Order(StringComparer.Ordinal).Select(n => (JsonNode?)n)]),
            ["data_providers"] = new JsonArray([.. (current?.DataProviders.Keys ?? []).Order(StringComparer.Ordinal).Select(n => (JsonNode?)n)]),
            ["actions"] = new JsonArray([.. (current?.Actions ?? []).Select(a => (JsonNode?)a.Name)]),
            ["errors"] = new JsonArray([.. status.Errors.Select(e => (JsonNode?)new JsonObject
            {
                ["file"] = e.File,
                ["line"] = e.Line,
                ["column"] = e.Column,
                ["code"] = e.Id,
                ["message"] = e.Message,
                ["text"] = e.ToString(),
            })]),
        });
    }

    private static Ok<JsonObject> ListProviders(WorkspaceHost host) =>
        TypedResults.Ok(new JsonObject
        {
            ["data_providers"] = new JsonArray([.. (host.Current?.DataProviders.Values ?? []).OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => (JsonNode?)new JsonObject
                {
                    ["name"] = p.Name,
                    ["description"] = p.Description,
                    ["params"] = new JsonArray([.. p.FormParams.Select(f => (JsonNode?)f)]),
                })]),
        });

    private static async Task<Results<Ok<JsonNode>, ErrorResult>> InvokeProviderAsync(
        string name, HttpContext http, Caller caller, ProviderInvoker providers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (providers.Find(name) is not { } provider)
        {
            return ApiErrors.NotFound($"Data provider '{name}' not found");
        }

        var form = http.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.Ordinal);
        try
        {
            var options = await providers.InvokeAsync(provider, caller.OrgId, form, cancellationToken);
            return TypedResults.Ok<JsonNode>(DataProvider.ToJson(options));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            Log.ProviderFailed(loggers.CreateLogger("Stepwise.Workspace.DataProviders"), exception, name);
            return ApiErrors.Validation($"Data provider '{name}' failed: {exception.Message}");
        }
    }

    private static async Task<Results<Ok<JsonObject>, ErrorResult>> GetFormAsync(
        string name, Caller caller, IWorkflowDirectory directory, DefinitionCache definitions, CancellationToken cancellationToken)
    {
        var current = Names.IsWorkflowName(name) ? await directory.GetCurrentAsync(caller.OrgId, name, cancellationToken) : null;
        if (current is null || (await definitions.LoadAsync(current, cancellationToken)).Definition is not { } definition)
        {
            return WorkflowEndpoints.NotFound(name);
        }

        return TypedResults.Ok(FormSchema.For(definition));
    }
}
