using Stepwise.Core.Expressions;

namespace Stepwise.Core.Definitions;

/// <summary>
/// A loaded and validated workflow: immutable, shared by every run of its version. Expressions inside are
/// compiled once, here.
/// </summary>
public sealed record WorkflowDefinition(
    string Name,
    string? Description,
    TimeSpan Timeout,
    int MaxParallelNodes,
    int Priority,
    IReadOnlyList<ParamDefinition> Params,
    IReadOnlyList<TriggerDefinition> Triggers,
    IReadOnlyList<NodeDefinition> Nodes,
    IReadOnlyList<ConnectionDefinition> Connections,
    ValueTemplate? Output,
    OnFailure OnFailure,
    string? SourcePath)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);
    public const int DefaultMaxParallelNodes = 8;
    public const int DefaultPriority = 5;

    /// <summary>The shortest and longest retention a workflow may ask for.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(3650);

    /// <summary>
    /// For a workflow written as code: the method the engine replays instead of running a graph (it has no nodes).
    /// </summary>
    public Scheduling.ICodeWorkflow? Code { get; init; }

    /// <summary>How long this workflow's finished runs are kept; null keeps them for the server's retention.</summary>
    public TimeSpan? Retention { get; init; }
}
