using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>The outputs of finished nodes of a run, as <c>nodes.&lt;id&gt;.output</c> sees them.</summary>
public interface INodeOutputs
{
    /// <summary>
    /// True with the output when the node has finished (succeeded, or failed with continue_on_error); false when it
    /// was skipped or has not run, which makes <c>nodes.&lt;id&gt;</c> null.
    /// </summary>
    bool TryGetOutput(string nodeId, out JsonNode? output);

    /// <summary>
    /// <c>nodes.&lt;id&gt;.status</c> of a finished node: <c>succeeded</c>, or <c>failed</c> for a node that failed
    /// with continue_on_error. Asked only after <see cref="TryGetOutput"/> returned true.
    /// </summary>
    string GetStatus(string nodeId) => "succeeded";
}
