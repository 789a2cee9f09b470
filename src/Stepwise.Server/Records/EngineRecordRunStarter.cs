using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Server.Executions;

namespace Stepwise.Server.Records;

/// <summary>Starts record runs through this process's engine and worker queue, audited as every run start is.</summary>
internal sealed class EngineRecordRunStarter(EngineHost engines, ExecutionWorker worker, Stepwise.Hosting.Audit.AuditTrail audit) : IRecordRunStarter
{
    public async Task<StartedRun> StartAsync(
        ResolvedWorkflow workflow, JsonObject parameters, RunOptions options, TimeSpan wait, CancellationToken waitCancellation)
    {
        var execution = await engines.Engine.CreateExecutionAsync(workflow, parameters, options, CancellationToken.None);

        // Waiting before queueing, so a run that finishes at once still wakes the waiter.
        var finished = worker.WaitForFinishAsync(execution.Id, wait, waitCancellation, known: execution);
        worker.Enqueue(execution, workflow);
        await audit.RecordAsync(
            new Stepwise.Hosting.Audit.AuditEntry(Stepwise.Hosting.Audit.AuditActions.ExecutionStart, "execution", execution.Id,
                Detail: $"{workflow.Definition.Name} v{workflow.Version} for record {options.Trigger?["record_id"]}"),
            CancellationToken.None);
        return new StartedRun(execution, finished);
    }
}
