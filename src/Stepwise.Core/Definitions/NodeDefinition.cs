using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;

namespace Stepwise.Core.Definitions;

/// <summary>
/// One node of the graph. <see cref="With"/> maps each input to its compiled template. Compensation and foreach
/// templates are nodes too, without an id of their own (the id is the owner's).
/// </summary>
public sealed record NodeDefinition(
    string Id,
    string Type,
    IReadOnlyDictionary<string, ValueTemplate> With,
    ValueTemplate? When,
    TimeSpan? Timeout,
    RetryPolicy Retry,
    bool ContinueOnError,
    NodeDefinition? Compensate,
    SourceLocation? Location)
{
    private static readonly IReadOnlyDictionary<string, NodeDefinition> NoTemplates =
        new Dictionary<string, NodeDefinition>(StringComparer.Ordinal);

    /// <summary>
    /// The node templates given to template inputs (<c>ActionInput.IsTemplate</c>, e.g. foreach's <c>node</c>), by
    /// input name. Those inputs are not in <see cref="With"/>: the action runs them through
    /// <c>IActionRuntime.RunTemplateAsync</c>.
    /// </summary>
    public IReadOnlyDictionary<string, NodeDefinition> Templates { get; init; } = NoTemplates;
}
