using System.Text.Json.Nodes;

namespace Stepwise.Sdk;

/// <summary>Engine services for actions: composing other work (foreach, workflow) and concealing values they obtain.</summary>
public interface IActionRuntime
{
    /// <summary>
    /// Runs the node template given in the template input of the current node for one item, as a durable step
    /// of its own (<c>node[index]</c>), with the node's retry policy. Completed items are not re-run after a
    /// restart.
    /// </summary>
    ValueTask<ActionResult> RunTemplateAsync(
        string templateInput, int index, JsonNode? item, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a run of another workflow of the same organization as a child of this one and, when
    /// <paramref name="wait"/>, waits for it: the result carries the child's output or its error. Without waiting,
    /// the output is <c>{"execution_id": ...}</c>.
    /// </summary>
    ValueTask<ActionResult> RunWorkflowAsync(
        string workflow, JsonObject input, bool wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Treats a value the action obtained itself (an access token) as a secret of the run: from now on it is masked
    /// wherever the run records it (step outputs, errors, logs, the run's output), as values read from
    /// <c>secrets.x</c> are.
    /// </summary>
    void Conceal(string value);
}
