using Stepwise.Server.Errors;
using Stepwise.Server.Executions;

namespace Stepwise.Server.Triggers;

/// <summary><c>POST /hooks/{org}/{path}</c>: webhooks start runs without an API key (see <see cref="WebhookHandler"/>).</summary>
internal static class WebhookEndpoints
{
    public const string Pattern = "/hooks/{org}/{**path}";

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        // Read (and so check) the trigger settings while the server is being built: a bad value stops the start
        // with the message naming it, as the other settings do.
        _ = routes.ServiceProvider.GetRequiredService<TriggerOptions>();
        routes.MapPost(Pattern, (string org, string? path, HttpContext context, WebhookHandler webhooks) =>
                webhooks.HandleAsync(context, org, path))
            .WithTags("Webhooks")
            .WithMetadata(new Docs.RequestBodyDoc(
                "Any JSON value, form fields or text (may be empty); the run reads it as trigger.body and fills its declared params from its fields",
                "application/json", "application/x-www-form-urlencoded", "text/plain"))
            .Produces<System.Text.Json.Nodes.JsonNode>(StatusCodes.Status200OK, "application/json")
            .Produces<ExecutionAccepted>(StatusCodes.Status202Accepted)
            .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorEnvelope>(StatusCodes.Status502BadGateway)
            .Produces<ErrorEnvelope>(StatusCodes.Status504GatewayTimeout)
            .WithSummary("Start a run from a webhook trigger (no API key; signed as the trigger's signature scheme says when it has a secret)");
        return routes;
    }
}
