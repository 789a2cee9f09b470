using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>
/// The other workflows of an organization, as the validator sees them: when one is given, a <c>workflow</c> node
/// naming an unknown child is an error (without one it is only a warning), and a known child's output type types
/// the node's output.
/// </summary>
public interface IWorkflowCatalog
{
    IEnumerable<string> Names { get; }

    bool Contains(string name);

    /// <summary>The child's output type; null when the workflow is unknown, <see cref="DataType.Any"/> when it is invalid.</summary>
    DataType? GetOutputType(string name);

    /// <summary>The child's declared params, to check what a parent passes; null when unknown or invalid.</summary>
    IReadOnlyList<ParamDefinition>? GetParams(string name);

    /// <summary>
    /// False for a partial set (the files given to one <c>stepwise validate</c>): a child it lacks may exist
    /// elsewhere, so it is a warning rather than an error.
    /// </summary>
    bool IsComplete => true;
}
