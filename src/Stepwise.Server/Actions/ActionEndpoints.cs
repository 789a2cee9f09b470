using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Storage;
using Stepwise.Hosting.Audit;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Actions;

/// <summary><c>POST /api/v1/actions/execute</c>: try one action alone (see <see cref="ActionTrial"/>).</summary>
internal static class ActionEndpoints
{
    public static IServiceCollection AddStepwiseActionTrials(this IServiceCollection services)
    {
        services.AddSingleton<ActionTrial>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ActionJsonContext.Default));
        return services;
    }

    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/actions/execute", ExecuteAsync).WithTags("Actions")
            .RequireRole(ApiKeyRole.Developer)
            .WithMetadata(new Docs.RequestBodyDoc(
                "{\"action_type\": \"http\", \"config\": {the node's with: inputs, may hold ${{ }}}, \"input_data\": {read as params.<name>}}",
                "application/json"))
            .Produces<ActionTrialResult>(StatusCodes.Status200OK)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Run one action alone, as a step would (secrets and config resolvable; nothing stored): output or error and duration");
        return routes;
    }

    private static async Task<Results<Ok<ActionTrialResult>, ErrorResult>> ExecuteAsync(
        JsonObjectBody body,
        Caller caller,
        ActionTrial trial,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var request = body.Value;
        var problems = new List<string>();
        foreach (var (name, _) in request)
        {
            if (name is not ("action_type" or "config" or "input_data"))
            {
                problems.Add($"Unknown field '{name}'; the body has action_type, config and input_data");
            }
        }

        var actionType = request["action_type"] switch
        {
            null => Problem(problems, "Missing required field: action_type"),
            JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 => text,
            var other => Problem(problems, $"Field 'action_type' must be a non-empty string, not {other.ToJsonString()}"),
        };
        var config = ObjectField(request, "config", problems);
        var inputData = ObjectField(request, "input_data", problems);
        if (actionType is not null && trial.Refusal(actionType) is { } refusal)
        {
            problems.Add(refusal);
        }

        if (problems.Count > 0)
        {
            return ApiErrors.Validation(problems);
        }

        var loaded = trial.Load(actionType!, config!, inputData!);
        if (loaded.Definition is not { } definition)
        {
            return ApiErrors.Validation([.. loaded.Errors.Select(error => error.Message)]);
        }

        var result = await trial.RunAsync(caller.OrgId, actionType!, definition, inputData!, cancellationToken);
        await audit.RecordAsync(
            new AuditEntry(AuditActions.ActionExecute, "action", actionType!, Detail: $"{result.Status} in {result.DurationMs} ms"),
            CancellationToken.None);
        return TypedResults.Ok(result);
    }

    private static string? Problem(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    private static JsonObject? ObjectField(JsonObject request, string name, List<string> problems) => request[name] switch
    {
        null => [],
        JsonObject value => value,
        var other => (JsonObject?)Problem(problems, $"Field '{name}' must be an object, not {other.GetValueKind().ToString().ToLowerInvariant()}"),
    };
}
