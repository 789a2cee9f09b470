using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Which recorded steps a retry runs again. A retry resumes the same run from its recorded steps, so a step is run
/// again exactly when its latest record is a reset marker: a new attempt with status <see cref="StepStatus.Pending"/>.
/// Without a chosen node the failed, cancelled or interrupted nodes are reset, plus every node whose compensation
/// succeeded (its effect was undone, so its output no longer holds); with one, that node and everything downstream
/// of it. Items (<c>node[i]</c>) and compensations (<c>node#compensate</c>) of a reset node are reset with it.
/// </summary>
public static class RetryPlan
{
    public const string ResetMessage = "reset for retry";

    /// <summary>The reset markers to append; null with <paramref name="error"/> when there is nothing to retry.</summary>
    public static IReadOnlyList<StepRecord>? Markers(
        WorkflowDefinition definition,
        IReadOnlyList<StepRecord> steps,
        string? fromNode,
        DateTimeOffset now,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(steps);
        error = null;
        var graph = WorkflowGraph.Build(definition);
        var latest = StepHistory.Build(steps).ToDictionary(pair => pair.Key, pair => pair.Value.Latest, StringComparer.Ordinal);
        var reset = new HashSet<string>(StringComparer.Ordinal);
        if (fromNode is not null)
        {
            var start = graph.IndexOf(fromNode);
            if (start < 0)
            {
                error = $"Unknown node '{fromNode}' in workflow '{definition.Name}'";
                return null;
            }

            AddDownstream(graph, start, reset);
        }
        else
        {
            foreach (var node in definition.Nodes)
            {
                if (latest.TryGetValue(node.Id, out var record)
                    && (record.Status is StepStatus.Cancelled or StepStatus.Running or StepStatus.RetryScheduled
                        || (record.Status == StepStatus.Failed && !node.ContinueOnError)))
                {
                    reset.Add(node.Id);
                }

                if (latest.TryGetValue($"{node.Id}#compensate", out var compensation)
                    && compensation.Status == StepStatus.Succeeded)
                {
                    reset.Add(node.Id);
                }
            }

            if (reset.Count == 0)
            {
                error = "Nothing to retry: no step failed, was cancelled or was compensated";
                return null;
            }
        }

        return
        [
            .. latest.Values
                .Where(record => reset.Contains(record.NodeId)
                    && record.Status is StepStatus.Succeeded or StepStatus.Skipped or StepStatus.Failed or StepStatus.Cancelled)
                .OrderBy(record => record.StepId, StringComparer.Ordinal)
                .Select(record => new StepRecord(
                    record.ExecutionId, record.StepId, record.NodeId, record.Attempt + 1, StepStatus.Pending,
                    null, null, ResetMessage, now, null, null)),
        ];
    }

    private static void AddDownstream(WorkflowGraph graph, int start, HashSet<string> into)
    {
        var queue = new Queue<int>([start]);
        while (queue.TryDequeue(out var node))
        {
            if (into.Add(graph.NodeIds[node]))
            {
                foreach (var successor in graph.Successors(node))
                {
                    queue.Enqueue(successor);
                }
            }
        }
    }
}
