using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;

namespace Stepwise.Server.Audit;

/// <summary><c>GET /api/v1/audit</c>: the caller's organization's audit log, for admins, newest first.</summary>
internal static class AuditEndpoints
{
    private const int MaxFilterLength = 128;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/audit", ListAsync).WithTags("Audit").RequireRole(ApiKeyRole.Admin)
            .AcceptsQuery("actor", "action", "resource", "since", "until", "limit", "cursor")
            .WithSummary("The audit log newest first (filters: actor, action, resource, since, until; cursor pagination)");
        return routes;
    }

    private static async Task<Results<Ok<AuditList>, ErrorResult>> ListAsync(
        Caller caller,
        IAuditStore store,
        TimeProvider time,
        [FromQuery] string? actor,
        [FromQuery] string? action,
        [FromQuery] string? resource,
        [FromQuery] string? since,
        [FromQuery] string? until,
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        foreach (var (name, value) in new[] { ("actor", actor), ("action", action), ("resource", resource) })
        {
            if (value is not null && (value.Length is 0 or > MaxFilterLength || value.Any(char.IsControl)))
            {
                return QueryValues.Bad(name, value, $"1 to {MaxFilterLength} printable characters");
            }
        }

        AuditCursor? after = null;
        if (cursor is not null && !AuditCursorCodec.TryDecode(cursor, out after))
        {
            return QueryValues.Bad("cursor", cursor, "the next_cursor of a previous page");
        }

        if (QueryValues.Limit(limit, out var pageSize) is { } limitError)
        {
            return limitError;
        }

        if (QueryValues.Time("since", since, time, out var sinceAt) is { } sinceError)
        {
            return sinceError;
        }

        if (QueryValues.Time("until", until, time, out var untilAt) is { } untilError)
        {
            return untilError;
        }

        var page = await store.ListAsync(
            new AuditQuery(caller.OrgId, pageSize, actor, action, resource, sinceAt, untilAt, after), cancellationToken);
        var items = page.Items.Select(entry => new AuditEntryDto(
            entry.Id, entry.At, entry.ActorType, entry.ActorId, entry.Action, entry.ResourceType, entry.ResourceId,
            entry.Outcome, entry.RemoteIp, entry.RequestId, entry.Detail)).ToList();
        return TypedResults.Ok(new AuditList(items, page.Next is { } next ? AuditCursorCodec.Encode(next) : null));
    }
}
