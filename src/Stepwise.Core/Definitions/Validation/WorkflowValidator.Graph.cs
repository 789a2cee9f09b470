using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private static readonly string[] ConnectionFields = ["from", "to"];

    private List<ConnectionDefinition> ReadConnections(FieldReader top, IReadOnlyList<NodeDraft?> nodes)
    {
        var connections = new List<ConnectionDefinition>();
        if (top.List("connections") is not { } list)
        {
            return connections;
        }

        var ids = nodes.Where(n => n?.Id is not null).Select(n => n!.Id!).ToHashSet(StringComparer.Ordinal);
        var edges = new HashSet<(string, string)>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject mapping)
            {
                _context.Error($"Connection {i} must be a mapping with from and to, got {JsonText.Describe(list[i])}", _context.Map.OfItem(list, i));
                continue;
            }

            var fields = new FieldReader(mapping, $"Connection {i}", string.Empty, _context);
            fields.CheckFields(ConnectionFields);
            var from = fields.String("from", required: true);
            var to = fields.String("to", required: true);
            if (from is not null && !ids.Contains(from))
            {
                fields.Error($"source node not found: '{from}'{Suggestions.Hint(from, ids)}", "from");
            }

            if (to is not null && !ids.Contains(to))
            {
                fields.Error($"target node not found: '{to}'{Suggestions.Hint(to, ids)}", "to");
            }

            if (from is null || to is null)
            {
                continue;
            }

            if (!edges.Add((from, to)))
            {
                fields.Warning($"duplicate connection {from} -> {to}");
                continue;
            }

            connections.Add(new ConnectionDefinition(from, to, fields.Location));
        }

        return connections;
    }

    /// <summary>The graph of the readable nodes, or null (with an error) when the connections form a cycle.</summary>
    private WorkflowGraph? BuildGraph(IReadOnlyList<NodeDraft?> nodes, IReadOnlyList<ConnectionDefinition> connections)
    {
        // Nodes without a usable id keep their place under a name no connection can spell.
        var ids = nodes.Select((n, i) => n?.Id ?? $"#{i}").ToArray();
        var edges = connections.Select(c => (c.From, c.To)).ToArray();
        if (WorkflowGraph.TryBuild(ids, edges, out var graph, out var cycle))
        {
            return graph;
        }

        var loop = StartAtFirstNode(cycle, ids);
        var first = connections.FirstOrDefault(c => c.From == loop[0] && c.To == loop[1]);
        _context.Error($"cycle in connections: {string.Join(" -> ", loop)}", first?.Location);
        return null;
    }

    // The same loop, told from the node that comes first in the file: a -> b -> a rather than b -> a -> b.
    private static List<string> StartAtFirstNode(IReadOnlyList<string> cycle, string[] ids)
    {
        var members = cycle.Take(cycle.Count - 1).ToList();
        var start = members.IndexOf(members.MinBy(id => Array.IndexOf(ids, id))!);
        var loop = members.Skip(start).Concat(members.Take(start)).ToList();
        loop.Add(loop[0]);
        return loop;
    }
}
