using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The in-memory state of one run: each node's status and output, the order nodes completed in (for compensation),
/// and what the store remembered when the run resumed. Statuses and outputs are written by the scheduler loop only;
/// step tasks read the outputs of nodes upstream of them, which were written before those tasks started.
/// </summary>
internal sealed class RunState : INodeOutputs
{
    private readonly WorkflowGraph _graph;
    private readonly NodeStatus[] _status;
    private readonly JsonNode?[] _outputs;
    private readonly List<int> _completionOrder = [];

    public RunState(
        WorkflowDefinition definition, WorkflowGraph graph, IReadOnlyList<StepRecord> recorded, RunControlHistory control)
    {
        _graph = graph;
        _status = new NodeStatus[graph.Count];
        _outputs = new JsonNode?[graph.Count];
        Control = control;
        History = StepHistory.Build(recorded, control);
        Restore(definition);
    }

    /// <summary>The retries and compensation requests the run has had.</summary>
    public RunControlHistory Control { get; }

    /// <summary>Recorded steps of their current round by step id (nodes, <c>node[i]</c> items, <c>node#compensate</c>).</summary>
    public IReadOnlyDictionary<string, StepHistory> History { get; }

    /// <summary>The node whose failure stopped the run, when restored from the store.</summary>
    public int? RestoredFailure { get; private set; }

    public IReadOnlyList<int> CompletionOrder => _completionOrder;

    public NodeStatus StatusOf(int node) => _status[node];

    public JsonNode? OutputOf(int node) => _outputs[node];

    public bool IsFinished(int node) => _status[node] is NodeStatus.Succeeded or NodeStatus.FailedContinued or NodeStatus.Skipped;

    public void Set(int node, NodeStatus status, JsonNode? output = null)
    {
        _status[node] = status;
        _outputs[node] = output;
        if (status == NodeStatus.Succeeded)
        {
            _completionOrder.Add(node);
        }
    }

    public bool TryGetOutput(string nodeId, out JsonNode? output)
    {
        var index = _graph.IndexOf(nodeId);
        if (index >= 0 && _status[index] is NodeStatus.Succeeded or NodeStatus.FailedContinued)
        {
            output = _outputs[index];
            return true;
        }

        output = null;
        return false;
    }

    public string GetStatus(string nodeId) =>
        _status[_graph.IndexOf(nodeId)] == NodeStatus.FailedContinued ? "failed" : "succeeded";

    public static JsonObject ErrorOutput(string? error) => new() { ["error"] = error };

    private void Restore(WorkflowDefinition definition)
    {
        // A new run has no history: nothing to sort, nothing allocated.
        List<(int Node, DateTimeOffset FinishedAt, int Position)>? succeeded = null;
        for (var node = 0; node < _graph.Count; node++)
        {
            if (!History.TryGetValue(_graph.NodeIds[node], out var history))
            {
                continue;
            }

            var latest = history.Latest;
            switch (latest.Status)
            {
                case StepStatus.Succeeded:
                    _status[node] = NodeStatus.Succeeded;
                    _outputs[node] = latest.Output;
                    (succeeded ??= []).Add((node, latest.FinishedAt ?? latest.StartedAt, history.Position));
                    break;
                case StepStatus.Skipped:
                    _status[node] = NodeStatus.Skipped;
                    break;
                case StepStatus.Failed when definition.Nodes[node].ContinueOnError:
                    _status[node] = NodeStatus.FailedContinued;
                    _outputs[node] = ErrorOutput(latest.Error);
                    break;
                case StepStatus.Failed:
                    RestoredFailure ??= node;
                    break;
            }
        }

        if (succeeded is not null)
        {
            _completionOrder.AddRange(succeeded.OrderBy(s => s.FinishedAt).ThenBy(s => s.Position).Select(s => s.Node));
        }
    }
}
