using System.Text.Json.Nodes;

namespace Stepwise.Sdk;

/// <summary>Everything one attempt of an action may use. Built by the engine for every attempt.</summary>
public sealed class ActionContext
{
    /// <summary>The id of the run.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The organization the run belongs to (its secrets, configuration and connections are this one's).</summary>
    public required string OrgId { get; init; }

    /// <summary>The name of the running workflow.</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The node's id.</summary>
    public required string NodeId { get; init; }

    /// <summary>
    /// The durable id of this step within the run (the node id, or <c>node[3]</c> inside a foreach). With the
    /// execution id it forms the idempotency key actions send to the outside world.
    /// </summary>
    public required string StepId { get; init; }

    /// <summary>1 for the first attempt.</summary>
    public required int Attempt { get; init; }

    /// <summary>The node's inputs, evaluated. Template inputs (see <see cref="ActionInput.IsTemplate"/>) are absent.</summary>
    public required JsonObject Inputs { get; init; }

    /// <summary>When the step's first attempt started; survives restarts, so durable timers resume where they were.</summary>
    public required DateTimeOffset StepStartedAt { get; init; }

    /// <summary>The clock. Actions never read the system clock directly.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>Writes lines to the execution's log.</summary>
    public required IExecutionLog Log { get; init; }

    /// <summary>Services of the host (e.g. IHttpClientFactory).</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>What the engine offers actions that run other nodes or workflows.</summary>
    public required IActionRuntime Runtime { get; init; }

    /// <summary><c>execution id:step id</c>, the idempotency key of this step.</summary>
    public string IdempotencyKey => $"{ExecutionId}:{StepId}";
}
