using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Resilience;
using Stepwise.Core.Storage;
using Stepwise.Hosting.Audit;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;

namespace Stepwise.Server.Resilience;

/// <summary>
/// The http action's per-host circuit breakers: list them and close one by hand. Breakers are per node by design
/// (each node judges a host by its own calls, and the breaker is consulted on every call, where a database round
/// trip would defeat failing fast), so both answers name the node they describe.
/// </summary>
internal static class CircuitBreakerEndpoints
{
    public static IServiceCollection AddStepwiseCircuitBreakers(this IServiceCollection services) =>
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ResilienceJsonContext.Default));

    public static IEndpointRouteBuilder MapCircuitBreakerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/circuit-breakers").WithTags("Circuit breakers");
        group.MapGet("/", List).RequireRole(ApiKeyRole.Admin).AcceptsQuery()
            .WithSummary("The circuit breakers of the node that answers: host, state, failures, opened_at, next trial");
        group.MapPost("/{host}/reset", ResetAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Close a host's circuit breaker on the node that answers (audited)");
        return routes;
    }

    private static Ok<CircuitBreakerList> List(ActionRegistry actions, EngineHost engines) =>
        TypedResults.Ok(new CircuitBreakerList(
            engines.OwnerId,
            [.. (actions.HttpResilience?.Snapshot() ?? []).Select(snapshot => new CircuitBreakerDto(
                snapshot.Host,
                CircuitBreaker.NameOf(snapshot.State),
                snapshot.ConsecutiveFailures,
                snapshot.Options.FailureThreshold,
                snapshot.OpenedAt,
                snapshot.NextTrialAt,
                Duration.Format(snapshot.Options.Timeout),
                snapshot.Options.HalfOpenRequests))]));

    private static async Task<Results<Ok<CircuitBreakerReset>, ErrorResult>> ResetAsync(
        string host,
        Caller caller,
        ActionRegistry actions,
        EngineHost engines,
        AuditTrail audit,
        ILoggerFactory loggers)
    {
        if (actions.HttpResilience?.Reset(host) is not { } previous)
        {
            return ApiErrors.NotFound(
                $"Circuit breaker for host '{Truncate(host)}' not found on node '{engines.OwnerId}': this node has not called it since it started");
        }

        var from = CircuitBreaker.NameOf(previous);
        Log.BreakerReset(loggers.CreateLogger("Stepwise.Server.Resilience"), host, engines.OwnerId, from, caller.Id);
        await audit.RecordAsync(
            new AuditEntry(AuditActions.CircuitBreakerReset, "circuit_breaker", host, Detail: $"node {engines.OwnerId}, was {from}"),
            CancellationToken.None);
        return TypedResults.Ok(new CircuitBreakerReset(engines.OwnerId, host, from, "closed"));
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
