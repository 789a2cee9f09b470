using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// The current version of a deployed workflow as the triggers use it: loaded and compiled once when it is deployed
/// (or when the server starts), never per request, with its webhook routes built from its triggers.
/// </summary>
internal sealed class DeployedWorkflow
{
    public DeployedWorkflow(string orgId, WorkflowDefinition definition, int version, DateTimeOffset deployedAt)
    {
        OrgId = orgId;
        Definition = definition;
        Version = version;
        DeployedAt = deployedAt;
        Resolved = new ResolvedWorkflow(definition, version);
        Webhooks = [.. definition.Triggers.OfType<WebhookTrigger>().Select(trigger => new WebhookRoute(this, trigger))];
    }

    public string OrgId { get; }

    public string Name => Definition.Name;

    public WorkflowDefinition Definition { get; }

    public int Version { get; }

    public DateTimeOffset DeployedAt { get; }

    public ResolvedWorkflow Resolved { get; }

    public IReadOnlyList<WebhookRoute> Webhooks { get; }

    public bool HasTimedTriggers =>
        Definition.Triggers.Any(trigger => trigger is ScheduleTrigger or FileWatchTrigger);
}
