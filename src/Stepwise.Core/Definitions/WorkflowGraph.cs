namespace Stepwise.Core.Definitions;

/// <summary>
/// The edges of a workflow as indexes into its node list: predecessors, successors, a topological order, and the
/// transitive upstream set of each node. With no connections at all, nodes form a chain in file order.
/// </summary>
public sealed class WorkflowGraph
{
    private readonly int[][] _predecessors;
    private readonly int[][] _successors;
    private readonly IReadOnlySet<string>[] _upstream;
    private readonly Dictionary<string, int> _indexById;

    private WorkflowGraph(
        IReadOnlyList<string> nodeIds,
        int[][] predecessors,
        int[][] successors,
        int[] order,
        Dictionary<string, int> indexById)
    {
        NodeIds = nodeIds;
        _predecessors = predecessors;
        _successors = successors;
        TopologicalOrder = order;
        _indexById = indexById;
        var upstream = new NodeIdSet[nodeIds.Count];
        foreach (var node in order)
        {
            var set = new NodeIdSet(nodeIds, indexById);
            foreach (var predecessor in predecessors[node])
            {
                set.Add(predecessor);
                set.UnionWith(upstream[predecessor]);
            }

            upstream[node] = set;
        }

        _upstream = upstream;
    }

    public IReadOnlyList<string> NodeIds { get; }

    public IReadOnlyList<int> TopologicalOrder { get; }

    public int Count => NodeIds.Count;

    public IReadOnlyList<int> Predecessors(int node) => _predecessors[node];

    public IReadOnlyList<int> Successors(int node) => _successors[node];

    /// <summary>Ids of every node with a path to <paramref name="node"/>: the ones its expressions may read.</summary>
    public IReadOnlySet<string> Upstream(int node) => _upstream[node];

    public int IndexOf(string nodeId) => _indexById.TryGetValue(nodeId, out var index) ? index : -1;

    /// <summary>
    /// Builds the graph. Connections naming unknown nodes and duplicate ids are ignored here (the validator reports
    /// them). Returns false with the ids on a cycle when the graph is not acyclic.
    /// </summary>
    public static bool TryBuild(
        IReadOnlyList<string> nodeIds,
        IReadOnlyList<(string From, string To)> connections,
        out WorkflowGraph? graph,
        out IReadOnlyList<string> cycle)
    {
        var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodeIds.Count; i++)
        {
            indexById.TryAdd(nodeIds[i], i);
        }

        var predecessors = new List<int>[nodeIds.Count];
        var successors = new List<int>[nodeIds.Count];
        for (var i = 0; i < nodeIds.Count; i++)
        {
            predecessors[i] = [];
            successors[i] = [];
        }

        if (connections.Count == 0)
        {
            for (var i = 1; i < nodeIds.Count; i++)
            {
                predecessors[i].Add(i - 1);
                successors[i - 1].Add(i);
            }
        }

        foreach (var (from, to) in connections)
        {
            if (indexById.TryGetValue(from, out var source) && indexById.TryGetValue(to, out var target)
                && !successors[source].Contains(target))
            {
                successors[source].Add(target);
                predecessors[target].Add(source);
            }
        }

        var order = KahnOrder(predecessors, successors);
        if (order.Count < nodeIds.Count)
        {
            graph = null;
            cycle = FindCycle(nodeIds, predecessors, order);
            return false;
        }

        graph = new WorkflowGraph(
            nodeIds,
            [.. predecessors.Select(p => p.ToArray())],
            [.. successors.Select(s => s.ToArray())],
            [.. order],
            indexById);
        cycle = [];
        return true;
    }

    public static WorkflowGraph Build(WorkflowDefinition definition)
    {
        var ids = definition.Nodes.Select(n => n.Id).ToArray();
        var edges = definition.Connections.Select(c => (c.From, c.To)).ToArray();
        return TryBuild(ids, edges, out var graph, out var cycle)
            ? graph!
            : throw new InvalidOperationException($"Workflow '{definition.Name}' has a cycle: {string.Join(" -> ", cycle)}");
    }

    private static List<int> KahnOrder(List<int>[] predecessors, List<int>[] successors)
    {
        var remaining = predecessors.Select(p => p.Count).ToArray();
        var ready = new Queue<int>(Enumerable.Range(0, predecessors.Length).Where(i => remaining[i] == 0));
        var order = new List<int>(predecessors.Length);
        while (ready.TryDequeue(out var node))
        {
            order.Add(node);
            foreach (var next in successors[node])
            {
                if (--remaining[next] == 0)
                {
                    ready.Enqueue(next);
                }
            }
        }

        return order;
    }

    // Every node Kahn could not order has an unordered predecessor, so walking predecessors must revisit a node:
    // the walk between the two visits is a cycle.
    private static List<string> FindCycle(IReadOnlyList<string> nodeIds, List<int>[] predecessors, List<int> sorted)
    {
        var unordered = new HashSet<int>(Enumerable.Range(0, nodeIds.Count).Except(sorted));
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var current = unordered.Min();
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = predecessors[current].First(unordered.Contains);
        }

        var cycle = path.Skip(position[current]).Reverse().Select(i => nodeIds[i]).ToList();
        cycle.Add(cycle[0]);
        return cycle;
    }
}
