using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// What a retry changes before its run goes back to running: which steps start a new round of attempts, and which
/// attempts were left open when the run ended (running, or waiting for a backoff) and are closed as cancelled.
/// A plain retry runs failed, cancelled and unfinished steps again; a retry from a node also runs that node and every
/// node downstream of it again, foreach items included. Every other step keeps its latest attempt and output.
/// </summary>
internal sealed class RetryPlan
{
    public const string SupersededMessage = "superseded by a retry of the run";

    private RetryPlan(IReadOnlyDictionary<string, int> roundStarts, IReadOnlyList<StepRecord> closed)
    {
        RoundStarts = roundStarts;
        Closed = closed;
    }

    /// <summary>The first attempt number of the new round of each step that runs again.</summary>
    public IReadOnlyDictionary<string, int> RoundStarts { get; }

    /// <summary>Open attempts rewritten as cancelled, so no attempt of a finished round stays running.</summary>
    public IReadOnlyList<StepRecord> Closed { get; }

    public static RetryPlan Create(
        WorkflowDefinition definition,
        WorkflowGraph graph,
        IReadOnlyList<StepRecord> steps,
        RunControlHistory control,
        string? fromNode,
        DateTimeOffset now)
    {
        var forced = new bool[graph.Count];
        if (fromNode is not null)
        {
            MarkDownstream(graph, graph.IndexOf(fromNode), forced);
        }

        var rounds = new Dictionary<string, int>(StringComparer.Ordinal);
        var closed = new List<StepRecord>();
        foreach (var (stepId, history) in StepHistory.Build(steps, control))
        {
            var node = graph.IndexOf(NodeIdOf(stepId));
            var latest = history.Latest;
            var runsAgain = (node >= 0 && forced[node]) || latest.Status switch
            {
                // A continue_on_error node that failed is finished: its error output fed the nodes after it.
                StepStatus.Failed => !(node >= 0 && stepId.Length == graph.NodeIds[node].Length
                    && definition.Nodes[node].ContinueOnError),
                StepStatus.Cancelled or StepStatus.Running or StepStatus.RetryScheduled or StepStatus.Pending => true,
                _ => false,
            };
            if (!runsAgain)
            {
                continue;
            }

            rounds[stepId] = latest.Attempt + 1;
            if (latest.Status is StepStatus.Running or StepStatus.RetryScheduled or StepStatus.Pending)
            {
                closed.Add(latest with
                {
                    Status = StepStatus.Cancelled,
                    Output = null,
                    Error = SupersededMessage,
                    FinishedAt = now,
                    DueAt = null,
                });
            }
        }

        return new RetryPlan(rounds, closed);
    }

    /// <summary>The node a step belongs to: <c>node</c>, <c>node[3]</c>, <c>node[3][0]</c> and <c>node#compensate</c>.</summary>
    public static string NodeIdOf(string stepId)
    {
        var end = stepId.AsSpan().IndexOfAny('[', '#');
        return end < 0 ? stepId : stepId[..end];
    }

    private static void MarkDownstream(WorkflowGraph graph, int start, bool[] marked)
    {
        var pending = new Stack<int>();
        pending.Push(start);
        marked[start] = true;
        while (pending.TryPop(out var node))
        {
            foreach (var successor in graph.Successors(node))
            {
                if (!marked[successor])
                {
                    marked[successor] = true;
                    pending.Push(successor);
                }
            }
        }
    }
}
