using Stepwise.Core.Definitions;

namespace Stepwise.Hosting.Triggers;

/// <summary>One webhook: <c>POST /hooks/{org}/{path}</c> starts a run of <see cref="Workflow"/>.</summary>
internal sealed class WebhookRoute(DeployedWorkflow workflow, WebhookTrigger trigger)
{
    public DeployedWorkflow Workflow { get; } = workflow;

    public string OrgId => Workflow.OrgId;

    public string Path => Trigger.Path;

    public WebhookTrigger Trigger { get; } = trigger;

    public bool RespondsWithOutput => Trigger.Respond == WebhookResponse.Sync;

    /// <summary>The key that signs requests; null when the trigger has no <c>secret</c>.</summary>
    public WebhookSecret? Secret { get; } = WebhookSecret.From(trigger.Secret);
}
