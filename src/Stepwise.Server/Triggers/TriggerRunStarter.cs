using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Triggers;
using Stepwise.Server.Executions;

namespace Stepwise.Server.Triggers;

/// <summary>
/// Starts the runs schedules and file watches ask for: the workflow's current version from the
/// <see cref="TriggerTable"/> (no database read), params checked by the engine (a run with bad params is recorded
/// failed with the reason), priority from the definition, then queued on the worker. Schedule runs get the
/// trigger's params and <c>trigger: {type: schedule, trigger_id, scheduled_at}</c>; file-watch runs get those of
/// <c>path</c>, <c>name</c> and <c>event</c> the workflow declares as params, and all three in <c>trigger</c>.
/// </summary>
internal sealed class TriggerRunStarter(
    TriggerTable table, EngineHost engines, ExecutionWorker worker, AuditTrail audit, ILogger<TriggerRunStarter> logger)
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
        var execution = await engines.Engine.CreateExecutionAsync(
            workflow.Resolved, parameters, new RunOptions { OrgId = workflow.OrgId, Trigger = trigger }, cancellationToken);
        if (!execution.IsFinished)
        {
            worker.Enqueue(execution, workflow.Resolved);
        }

        await audit.RecordAsync(
            new AuditEntry(
                AuditActions.ExecutionStart, "execution", execution.Id,
                Detail: $"{run.Workflow} v{execution.Version} ({(string)trigger["type"]!})")
            {
                OrgId = workflow.OrgId,
                ActorType = (string)trigger["type"]!,
                ActorId = run.TriggerId,
            },
            CancellationToken.None);
        Log.RunStarted(
            logger, (string)trigger["type"]!, run.OrgId, run.Workflow, execution.Id, run.TriggerId);
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
