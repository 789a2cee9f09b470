using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>
/// A node (or a compensation or foreach template) as read, before type checking: the parts of its
/// <see cref="NodeDefinition"/> plus what checking needs (the action, raw values for positions and constants).
/// </summary>
internal sealed class NodeDraft(string scope, SourceLocation? location)
{
    /// <summary>The prefix of this node's messages, e.g. <c>Node 1 (a): </c> or <c>Node 1 (a): compensate: </c>.</summary>
    public string Scope { get; } = scope;

    public SourceLocation? Location { get; } = location;

    public string? Id { get; set; }

    public string? TypeName { get; set; }

    public IActionType? Action { get; set; }

    public SourceLocation? WithLocation { get; set; }

    public Dictionary<string, ValueTemplate> With { get; } = new(StringComparer.Ordinal);

    /// <summary>The raw value of each input, for positions.</summary>
    public Dictionary<string, JsonNode?> WithRaw { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NodeDraft> Templates { get; } = new(StringComparer.Ordinal);

    public ValueTemplate? When { get; set; }

    public SourceLocation? WhenLocation { get; set; }

    public TimeSpan? Timeout { get; set; }

    public RetryPolicy Retry { get; set; } = RetryPolicy.None;

    public bool ContinueOnError { get; set; }

    public NodeDraft? Compensate { get; set; }

    public NodeDefinition ToDefinition(string id) =>
        new(
            id,
            TypeName ?? string.Empty,
            With,
            When,
            Timeout,
            Retry,
            ContinueOnError,
            Compensate?.ToDefinition(id),
            Location)
        {
            Templates = Templates.ToDictionary(t => t.Key, t => t.Value.ToDefinition(id), StringComparer.Ordinal),
        };
}
