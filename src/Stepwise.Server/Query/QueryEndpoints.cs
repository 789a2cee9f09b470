using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Query;
using Stepwise.Core.Query.Schema;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Hosting;
using Stepwise.Server.Http;

namespace Stepwise.Server.Query;

/// <summary>
/// <c>GET /api/v1/query?q=...</c>: the query language (docs/query.md) over the caller's organization's executions,
/// steps, records, workflows and (for admins, as <c>/api/v1/audit</c>) audit log, within the row limit and
/// STEPWISE_QUERY_TIMEOUT.
/// </summary>
internal static class QueryEndpoints
{
    public static IEndpointRouteBuilder MapQueryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/query", QueryAsync).WithTags("Query").RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Run a query, e.g. executions where status = 'failed' and params.email = 'ada@example.com' limit 20");
        return routes;
    }

    private static async Task<Results<Ok<QueryResponse>, ErrorResult>> QueryAsync(
        HttpRequest request,
        Caller caller,
        StoreHost store,
        ServerOptions options,
        TimeProvider time,
        [FromQuery] string? q,
        CancellationToken cancellationToken)
    {
        if (KnownQueryParameters.Check(request, "q") is { } unknown)
        {
            return unknown;
        }

        if (string.IsNullOrWhiteSpace(q))
        {
            return ApiErrors.Validation(
                "Query parameter 'q' is required: a query such as executions where status = 'failed'", new JsonObject { ["parameter"] = "q" });
        }

        var query = QueryLanguage.Analyze(q, time.GetUtcNow(), out var error);
        if (query is null)
        {
            return QueryErrors.ToResult(error!);
        }

        if (query.Entity == QueryEntities.Audit && caller.Role < ApiKeyRole.Admin)
        {
            return ApiErrors.Forbidden("Querying the audit log needs the admin role", new JsonObject { ["entity"] = "audit" });
        }

        var outcome = await store.Storage.Query.RunAsync(caller.OrgId, query, options.QueryTimeout, cancellationToken);
        if (outcome.Error is { } failed)
        {
            return QueryErrors.ToResult(failed);
        }

        var rows = outcome.Rows!;
        return TypedResults.Ok(new QueryResponse(
            query.Entity.Name, query.Count, rows, rows.Count, query.Limit, rows.Count >= query.Limit && (!query.Count || query.GroupBy is not null)));
    }
}
