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
            .WithMetadata(new Docs.RequestBodyDoc("The run's params as a JSON object (may be empty)", "application/json"))
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ExecutionAccepted>(StatusCodes.Status202Accepted)
            .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Start a run from a webhook trigger (no API key; X-Signature when the trigger has a secret)");
        return routes;
    }
}
