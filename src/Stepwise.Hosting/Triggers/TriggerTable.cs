using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Stepwise.Core.Definitions;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// The deployed workflows that triggers start, and the webhook route table <c>(org, path) -> route</c>, kept in
/// memory so a webhook request reads no database. Readers take an immutable snapshot without locking; a deploy or
/// delete builds the next snapshot and swaps it in. When two workflows of an organization claim the same webhook
/// path (possible only when two servers deploy at once), the one deployed first keeps it.
/// </summary>
internal sealed class TriggerTable(ILogger<TriggerTable> logger)
{
    private readonly Lock _gate = new();
    private Snapshot _current = Snapshot.Empty;

    public bool TryGetWebhook(string orgId, string path, [NotNullWhen(true)] out WebhookRoute? route) =>
        Volatile.Read(ref _current).Webhooks.TryGetValue((orgId, path), out route);

    public bool TryGetWorkflow(string orgId, string name, [NotNullWhen(true)] out DeployedWorkflow? workflow) =>
        Volatile.Read(ref _current).Workflows.TryGetValue((orgId, name), out workflow);

    public IReadOnlyCollection<DeployedWorkflow> Workflows => Volatile.Read(ref _current).Workflows.Values;

    /// <summary>The other workflow of the organization that serves <paramref name="path"/>, if any.</summary>
    public string? WebhookOwner(string orgId, string path, string exceptWorkflow) =>
        TryGetWebhook(orgId, path, out var route) && route.Workflow.Name != exceptWorkflow ? route.Workflow.Name : null;

    /// <summary>
    /// Why <paramref name="definition"/> cannot be deployed in the organization: one of its webhook paths belongs to
    /// another workflow. Null when it can.
    /// </summary>
    public string? WebhookConflict(string orgId, WorkflowDefinition definition)
    {
        foreach (var trigger in definition.Triggers.OfType<WebhookTrigger>())
        {
            if (WebhookOwner(orgId, trigger.Path, definition.Name) is { } owner)
            {
                return $"Webhook path '{trigger.Path}' is already used by workflow '{owner}'; " +
                    $"choose another path or delete '{owner}' first";
            }
        }

        return null;
    }

    /// <summary>Sets (or, with null, removes) one workflow.</summary>
    public void Set(string orgId, string name, DeployedWorkflow? workflow)
    {
        lock (_gate)
        {
            var workflows = _current.Workflows.ToDictionary();
            if (workflow is null)
            {
                workflows.Remove((orgId, name));
            }
            else
            {
                workflows[(orgId, name)] = workflow;
            }

            Volatile.Write(ref _current, Build(workflows));
        }
    }

    /// <summary>Replaces every workflow (start-up, and the periodic refresh that sees other servers' deploys).</summary>
    public void ReplaceAll(IEnumerable<DeployedWorkflow> workflows)
    {
        lock (_gate)
        {
            Volatile.Write(ref _current, Build(workflows.ToDictionary(w => (w.OrgId, w.Name))));
        }
    }

    private Snapshot Build(Dictionary<(string OrgId, string Name), DeployedWorkflow> workflows)
    {
        var routes = new Dictionary<(string OrgId, string Path), WebhookRoute>();
        foreach (var workflow in workflows.Values.OrderBy(w => w.DeployedAt).ThenBy(w => w.Name, StringComparer.Ordinal))
        {
            foreach (var route in workflow.Webhooks)
            {
                if (!routes.TryAdd((route.OrgId, route.Path), route))
                {
                    Log.WebhookPathTaken(logger, route.OrgId, route.Path, workflow.Name, routes[(route.OrgId, route.Path)].Workflow.Name);
                }
            }
        }

        return new Snapshot(workflows.ToFrozenDictionary(), routes.ToFrozenDictionary());
    }

    private sealed record Snapshot(
        FrozenDictionary<(string OrgId, string Name), DeployedWorkflow> Workflows,
        FrozenDictionary<(string OrgId, string Path), WebhookRoute> Webhooks)
    {
        public static readonly Snapshot Empty = new(
            FrozenDictionary<(string, string), DeployedWorkflow>.Empty, FrozenDictionary<(string, string), WebhookRoute>.Empty);
    }
}
