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
    SourceLocation? Location);
