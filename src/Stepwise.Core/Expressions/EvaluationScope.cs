using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>
/// The roots an expression evaluates against. Immutable: a run's steps share one scope (with the graph's token);
/// foreach items get a scope of their own through <see cref="WithItem"/>. Values are read, never mutated, by the
/// evaluator.
/// </summary>
public sealed class EvaluationScope
{
    public JsonObject Params { get; init; } = [];

    public INodeOutputs Nodes { get; init; } = EmptyNodeOutputs.Instance;

    private readonly JsonObject? _execution;
    private readonly JsonObject? _org;

    /// <summary><c>execution</c>: id, workflow, version, started_at.</summary>
    public JsonObject? Execution
    {
        get => _execution ?? Run?.Execution;
        init => _execution = value;
    }

    /// <summary><c>org</c>: id, name.</summary>
    public JsonObject? Org
    {
        get => _org ?? Run?.Org;
        init => _org = value;
    }

    /// <summary>
    /// A run's <c>execution</c> and <c>org</c>, built only when read: used where <see cref="Execution"/> or
    /// <see cref="Org"/> is not set.
    /// </summary>
    internal RunRoots? Run { get; init; }

    /// <summary><c>trigger</c>: type, headers, query (webhooks).</summary>
    public JsonObject? Trigger { get; init; }

    public IValueLookup? Config { get; init; }

    public IValueLookup? Secrets { get; init; }

    /// <summary>
    /// The run's texts derived from its secrets: what an expression computes from a tainted value is registered here,
    /// so the run's redactor masks it too. Null outside runs (checks, <c>stepwise eval</c>): nothing is tracked.
    /// </summary>
    internal SecretTaint? Taint { get; init; }

    /// <summary>True inside a foreach template: <c>item</c> and <c>index</c> are defined.</summary>
    public bool HasItem { get; init; }

    public JsonNode? Item { get; init; }

    public int Index { get; init; }

    /// <summary>The clock behind <c>now()</c>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The budget of each evaluation against this scope (value size, operations, wall time).</summary>
    public EvaluationLimits Limits { get; init; } = EvaluationLimits.Default;

    /// <summary>Stops an evaluation in progress: the step's timeout, the run's cancel or timeout.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>This scope with evaluations stopped by <paramref name="cancellationToken"/>.</summary>
    public EvaluationScope WithCancellation(CancellationToken cancellationToken) =>
        cancellationToken == CancellationToken ? this : Copy(HasItem, Item, Index, cancellationToken);

    public EvaluationScope WithItem(JsonNode? item, int index) => Copy(true, item, index, CancellationToken);

    private EvaluationScope Copy(bool hasItem, JsonNode? item, int index, CancellationToken cancellationToken) => new()
    {
        Params = Params,
        Nodes = Nodes,
        Execution = _execution,
        Org = _org,
        Run = Run,
        Trigger = Trigger,
        Config = Config,
        Secrets = Secrets,
        Taint = Taint,
        Time = Time,
        Limits = Limits,
        CancellationToken = cancellationToken,
        HasItem = hasItem,
        Item = item,
        Index = index,
    };

    private sealed class EmptyNodeOutputs : INodeOutputs
    {
        public static readonly EmptyNodeOutputs Instance = new();

        public bool TryGetOutput(string nodeId, out JsonNode? output)
        {
            output = null;
            return false;
        }
    }
}
