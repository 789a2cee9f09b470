using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Triggers;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// Starts the runs schedules and file watches ask for, through the <see cref="RunStarter"/>: the workflow's current
/// version from the <see cref="TriggerTable"/> (no database read); a run with bad params is recorded failed with the
/// reason, as nobody is there to answer. Schedule runs get the trigger's params and
/// <c>trigger: {type: schedule, trigger_id, scheduled_at}</c>; file-watch runs get those of <c>path</c>, <c>name</c>
/// and <c>event</c> the workflow declares as params, and all three in <c>trigger</c>.
/// </summary>
internal sealed class TriggerRunStarter(
    TriggerTable table, RunStarter starter, ILogger<TriggerRunStarter> logger)
    : ITriggerRunStarter
{
    public async Task StartRunAsync(TriggeredRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!table.TryGetWorkflow(run.OrgId, run.Workflow, out var workflow))
        {
            Log.WorkflowGone(logger, run.OrgId, run.Workflow, run.TriggerId);
            return;
        }

        var (parameters, trigger) = run.Source == TriggerSource.Schedule ? ForSchedule(run) : ForFileWatch(run, workflow);
        var type = (string)trigger["type"]!;
        var started = await starter.StartAsync(
            new RunRequest(workflow.OrgId, workflow.Resolved, parameters, trigger)
            {
                RecordInvalidParams = true,
                ActorType = type,
                ActorId = run.TriggerId,
            },
            cancellationToken);
        Log.RunStarted(logger, type, run.OrgId, run.Workflow, started.Execution!.Id, run.TriggerId);
    }

    private static (JsonObject Params, JsonObject Trigger) ForSchedule(TriggeredRun run) => (
        run.Params,
        new JsonObject
        {
            ["type"] = "schedule",
            ["trigger_id"] = run.TriggerId,
            ["scheduled_at"] = run.DueAt,
        });

    private static (JsonObject Params, JsonObject Trigger) ForFileWatch(TriggeredRun run, DeployedWorkflow workflow)
    {
        var trigger = new JsonObject
        {
            ["type"] = "file_watch",
            ["trigger_id"] = run.TriggerId,
            ["detected_at"] = run.DueAt,
        };
        var parameters = new JsonObject();
        foreach (var (name, value) in run.Params)
        {
            trigger[name] = value?.DeepClone();
            if (workflow.Definition.Params.Any(p => p.Name == name))
            {
                parameters[name] = value?.DeepClone();
            }
        }

        return (parameters, trigger);
    }
}
