using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Triggers;

/// <summary>
/// <c>nodes.&lt;id&gt;.output</c> of a finished run, from its recorded steps: the last attempt of each node that
/// succeeded. A node that did not run (skipped, or a branch not taken) has no output, as during the run.
/// </summary>
internal sealed class FinishedNodeOutputs : INodeOutputs
{
    private readonly Dictionary<string, JsonNode?> _outputs = new(StringComparer.Ordinal);

    public FinishedNodeOutputs(IEnumerable<StepRecord> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        foreach (var step in steps.Where(s => s.Status == StepStatus.Succeeded && s.StepId == s.NodeId).OrderBy(s => s.Attempt))
        {
            _outputs[step.NodeId] = step.Output;
        }
    }

    public bool TryGetOutput(string nodeId, out JsonNode? output) => _outputs.TryGetValue(nodeId, out output);
}
