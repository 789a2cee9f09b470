using System.Text.Json.Nodes;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;

namespace Stepwise.Server.Actions;

/// <summary>
/// Tries one action alone, exactly as a step of a workflow would run it: the request becomes a one-node workflow
/// (<c>config</c> as the node's <c>with:</c>, each field of <c>input_data</c> a <c>json</c> param), checked by the
/// same loader as a deploy, and run once by an engine of its own over an in-memory store with this server's
/// actions, services and organization environment. So expressions, <c>secrets.x</c> and <c>config.x</c>, the
/// payload limits, the step timeout and the masking of secrets are a step's, and nothing is written to the
/// database: a try is not a run.
/// </summary>
internal sealed class ActionTrial(ActionRegistry actions, TimeProvider time, IServiceProvider services, ILoggerFactory loggers)
{
    /// <summary>How long a try may take, as a workflow's default timeout.</summary>
    public static readonly TimeSpan Timeout = WorkflowDefinition.DefaultTimeout;

    private const string NodeId = "action";

    /// <summary>Actions that only make sense inside a workflow (they run other nodes or wait on durable timers).</summary>
    public string? Refusal(string actionType)
    {
        if (!actions.TryGet(actionType, out var action))
        {
            return $"Unknown action type '{actionType}'{Core.Definitions.Validation.Suggestions.Hint(actionType, [.. actions.Names])}; "
                + $"use one of {string.Join(", ", actions.Names)}";
        }

        return action is IDurableTimerAction || actionType is "foreach" or "workflow"
            ? $"Action '{actionType}' runs other nodes or waits on a durable timer, so it cannot be tried alone; run it in a workflow"
            : null;
    }

    /// <summary>The one-node workflow, or every problem the loader found (as a deploy would report them).</summary>
    public LoadResult Load(string actionType, JsonObject config, JsonObject inputData)
    {
        var source = new JsonObject
        {
            ["name"] = "action_try",
            ["timeout"] = Duration.Format(Timeout),
            ["params"] = new JsonArray([.. inputData.Select(field => (JsonNode?)new JsonObject { ["name"] = field.Key, ["type"] = "json" })]),
            ["nodes"] = new JsonArray(new JsonObject { ["id"] = NodeId, ["type"] = actionType, ["with"] = config.DeepClone() }),
            ["output"] = "${{ nodes." + NodeId + ".output }}",
        };
        return WorkflowLoader.Load(source.ToJsonString(), "action", actions);
    }

    public async Task<ActionTrialResult> RunAsync(
        string orgId, string actionType, WorkflowDefinition definition, JsonObject inputData, CancellationToken cancellationToken)
    {
        var store = new InMemoryStore(time);
        await using var engine = new WorkflowEngine(
            actions, store, store, new InMemoryWorkflowResolver([definition]), time, new EngineOptions(), services, loggers);
        var started = time.GetTimestamp();
        var execution = await engine.RunAsync(
            definition, 1, (JsonObject)inputData.DeepClone(),
            new RunOptions { OrgId = orgId, Trigger = new JsonObject { ["type"] = "action_try" } },
            cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        var logs = await store.GetLogsAsync(execution.Id, cancellationToken);
        return new ActionTrialResult(
            actionType,
            execution.Status == ExecutionStatus.Succeeded ? "succeeded" : "failed",
            execution.Output,
            execution.Status == ExecutionStatus.Succeeded ? null : StepError(execution.Error),
            (long)elapsed.TotalMilliseconds,
            [.. logs.Select(line => new ActionTrialLogLine(line.Level.ToString().ToLowerInvariant(), line.Message, line.Data))]);
    }

    /// <summary>The run's error names the node ("Node 'action' failed: ..."); a try has one node, so only the cause is told.</summary>
    private static string? StepError(string? error)
    {
        const string Prefix = "node '" + NodeId + "' failed: ";
        return error is not null && error.StartsWith(Prefix, StringComparison.Ordinal) ? error[Prefix.Length..] : error;
    }
}
