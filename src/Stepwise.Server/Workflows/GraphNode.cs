using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Server.Workflows;

/// <summary>
/// A node as the workflow detail lists it for drawing the graph: id and type, its condition (<c>when</c>, as
/// written), whether it has a compensation, the sub-workflow it starts (<c>workflow</c>, when named literally) and,
/// for a node that runs a template per item (foreach), that template's type and sub-workflow (<c>each</c>). Not the
/// node's inputs: those may name secrets and belong to the source.
/// </summary>
internal static class GraphNode
{
    public static JsonObject ToJson(NodeDefinition node)
    {
        var json = new JsonObject { ["id"] = node.Id, ["type"] = node.Type };
        AddShape(json, node);
        if (node.Templates.Count > 0)
        {
            var (input, template) = node.Templates.First();
            var each = new JsonObject { ["input"] = input, ["type"] = template.Type };
            AddShape(each, template);
            json["each"] = each;
        }

        return json;
    }

    private static void AddShape(JsonObject json, NodeDefinition node)
    {
        if (node.When?.Raw is { } when)
        {
            json["when"] = when is JsonValue value && value.TryGetValue(out string? text) ? text : when.ToJsonString();
        }

        if (node.Compensate is not null)
        {
            json["compensate"] = true;
        }

        if (node.Type == "workflow" && node.With.TryGetValue("workflow", out var child) && child.IsConstant
            && child.Raw is JsonValue name && name.TryGetValue(out string? workflow))
        {
            json["workflow"] = workflow;
        }
    }
}
