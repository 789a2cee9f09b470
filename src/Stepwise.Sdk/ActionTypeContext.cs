using System.Text.Json.Nodes;

namespace Stepwise.Sdk;

/// <summary>What the checker knows about a node when it asks an action for its output type.</summary>
/// <param name="InputTypes">The static type of each input the node gives, by name.</param>
/// <param name="ResolveWorkflowOutputType">
/// For actions that start other workflows: the declared output type of a workflow of the same organization, or
/// null when that workflow is not known.
/// </param>
/// <param name="ConstantInputs">
/// The values of the inputs written as literals (no expression inside), by name; null when the checker does not
/// provide them. The <c>workflow</c> action reads the child's name here to ask for its output type.
/// </param>
public sealed record ActionTypeContext(
    IReadOnlyDictionary<string, DataType> InputTypes,
    Func<string, DataType?> ResolveWorkflowOutputType,
    IReadOnlyDictionary<string, JsonNode?>? ConstantInputs = null);
