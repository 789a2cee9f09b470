using System.Collections.Concurrent;
using System.Diagnostics;

namespace Stepwise.Core.Telemetry;

/// <summary>
/// Spans of runs and steps on the <c>Stepwise</c> activity source. A run's span is the child of the span that
/// created the run (the API request, whose parent may be the caller's W3C <c>traceparent</c>), even though a worker
/// runs it later on another flow; its steps are its children, and the calls an http step makes carry their
/// <c>traceparent</c>. With no listener, nothing is created. A run resumed after a restart starts a new trace.
/// Tags and status are set only on spans a listener records (<see cref="Activity.IsAllDataRequested"/>): the server
/// always creates spans for their ids alone (to continue a caller's <c>traceparent</c>), and tags nobody exports
/// cost four list nodes per step.
/// </summary>
internal static class RunTraces
{
    private const int MaxRemembered = 10_000;

    private static readonly ConcurrentDictionary<string, ActivityContext> Parents = new(StringComparer.Ordinal);

    // Span names of runs by workflow name, at most MaxRemembered of them.
    private static readonly ConcurrentDictionary<string, string> RunNames = new(StringComparer.Ordinal);

    /// <summary>Remembers the current span as the parent of the run just created.</summary>
    public static void Remember(string executionId)
    {
        if (Activity.Current is { } current && Parents.Count < MaxRemembered)
        {
            Parents[executionId] = current.Context;
        }
    }

    public static Activity? StartRun(string executionId, string workflow, int version)
    {
        var parent = Parents.TryRemove(executionId, out var remembered) ? remembered : Activity.Current?.Context ?? default;
        var activity = StepwiseTelemetry.ActivitySource.StartActivity(RunName(workflow), ActivityKind.Internal, parent);
        Recorded(activity)?.SetTag("stepwise.execution_id", executionId)
            .SetTag("stepwise.workflow", workflow)
            .SetTag("stepwise.workflow_version", version);
        return activity;
    }

    public static void EndRun(Activity? activity, string status, string? error)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag("stepwise.status", status);
        activity.SetStatus(status == "succeeded" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error);
    }

    /// <summary>
    /// Starts a step's span. A step that calls nothing (<paramref name="callsOut"/> false: an in-memory action) gets
    /// none under a run whose span nobody records: such a span would only carry ids, and nothing inside the step reads
    /// them (no outgoing call, no child run), while creating it costs an activity, its name and two changes of the
    /// flow's execution context per step (a quarter of a chain10 step's allocations outside the store).
    /// </summary>
    public static Activity? StartStep(string executionId, string stepId, string action, int attempt, bool callsOut = true)
    {
        if (!callsOut && Activity.Current is { IsAllDataRequested: false })
        {
            return null;
        }

        var activity = StepwiseTelemetry.ActivitySource.StartActivity($"step {stepId}", ActivityKind.Internal);
        Recorded(activity)?.SetTag("stepwise.execution_id", executionId)
            .SetTag("stepwise.step_id", stepId)
            .SetTag("stepwise.action", action)
            .SetTag("stepwise.attempt", attempt);
        return activity;
    }

    public static void EndStep(Activity? activity, string status, string? error) => EndRun(activity, status, error);

    /// <summary>"run {workflow}", made once per workflow rather than once per run (the server makes every run's span).</summary>
    private static string RunName(string workflow)
    {
        if (RunNames.TryGetValue(workflow, out var name))
        {
            return name;
        }

        name = "run " + workflow;
        if (RunNames.Count < MaxRemembered)
        {
            RunNames.TryAdd(workflow, name);
        }

        return name;
    }

    private static Activity? Recorded(Activity? activity) => activity is { IsAllDataRequested: true } ? activity : null;
}
