using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Server.Workflows;

/// <summary>
/// Hides a webhook secret written in a workflow as a literal (deploy warns about it: it belongs in
/// <c>secrets.x</c>). The triggers of listings and details show <c>***</c> to everyone; the source shows it to
/// admins only, who may need the document exactly as deployed.
/// </summary>
internal static class WebhookSecretMask
{
    public const string Mask = "***";

    /// <summary>The source with every literal webhook secret of <paramref name="definition"/> replaced by <see cref="Mask"/>.</summary>
    public static string Source(string source, WorkflowDefinition? definition)
    {
        foreach (var literal in Literals(definition))
        {
            source = source.Replace(literal, Mask, StringComparison.Ordinal);
        }

        return source;
    }

    /// <summary>The triggers as JSON (in <paramref name="definition"/>'s order) with literal webhook secrets masked.</summary>
    public static JsonArray Triggers(JsonArray triggers, WorkflowDefinition definition)
    {
        for (var i = 0; i < triggers.Count && i < definition.Triggers.Count; i++)
        {
            if (definition.Triggers[i] is WebhookTrigger { Secret.IsConstant: true } && triggers[i] is JsonObject trigger && trigger["secret"] is not null)
            {
                trigger["secret"] = Mask;
            }
        }

        return triggers;
    }

    private static IEnumerable<string> Literals(WorkflowDefinition? definition) =>
        (definition?.Triggers ?? [])
            .OfType<WebhookTrigger>()
            .Select(webhook => webhook.Secret is { IsConstant: true, Raw: JsonValue raw } && raw.TryGetValue<string>(out var text) ? text : null)
            .OfType<string>()
            .Where(text => text.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(text => text.Length);
}
