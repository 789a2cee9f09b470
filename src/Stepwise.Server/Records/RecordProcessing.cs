using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Errors;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Records;

/// <summary>
/// Processing a record: the workflow bound to its category runs with the payload as input, and the record becomes
/// <c>processed</c> with the run's output or <c>failed</c> with its error. Safe across nodes: the claim is a
/// conditional update (of two nodes processing one record at once, one starts a run, the other is told it is being
/// processed), the record holds its run's id, and whichever node reads a <c>processing</c> record whose run has
/// finished settles it from the stored run, so no node has to stay alive for the answer.
/// </summary>
internal sealed class RecordProcessing(
    IRecordStore records,
    IWorkflowDirectory directory,
    DefinitionCache definitions,
    IExecutionStore executions,
    RunStarter runs,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<RecordProcessing> logger)
{
    /// <summary>A claim outlives the workflow's own timeout by this much before another node may take it over.</summary>
    public static readonly TimeSpan ClaimMargin = TimeSpan.FromMinutes(1);

    private static readonly string[] ProcessFrom = [RecordStatuses.Pending];
    private static readonly string[] ReprocessFrom = [RecordStatuses.Failed, RecordStatuses.Processed];

    /// <summary>
    /// Runs the record's workflow and waits up to <paramref name="wait"/> for it; a run still going then leaves the
    /// record <c>processing</c> (settled later by whichever node reads it).
    /// </summary>
    public async Task<ProcessOutcome> ProcessAsync(
        string orgId, StoredRecord record, bool reprocess, TimeSpan? wait, CancellationToken cancellationToken)
    {
        record = await SettleAsync(record, cancellationToken);
        var from = reprocess ? ReprocessFrom : ProcessFrom;
        if (!from.Contains(record.Status) && !IsLapsed(record))
        {
            return new(null, NotProcessable(record, reprocess));
        }

        var processor = await records.GetProcessorAsync(orgId, record.Category, cancellationToken);
        if (processor is null)
        {
            return new(null, ApiErrors.Conflict(
                $"No workflow processes records of category '{record.Category}': bind one with PUT /api/v1/records/processors/{record.Category}",
                new JsonObject { ["category"] = record.Category }));
        }

        var current = await directory.GetCurrentAsync(orgId, processor.Workflow, cancellationToken);
        if (current is null)
        {
            return new(null, ApiErrors.Conflict(
                $"Workflow '{processor.Workflow}' that processes category '{record.Category}' is not deployed",
                new JsonObject { ["category"] = record.Category, ["workflow"] = processor.Workflow }));
        }

        var loaded = await definitions.LoadAsync(current, cancellationToken);
        if (loaded.Definition is not { } definition)
        {
            return new(null, ApiErrors.Conflict(
                $"Workflow '{processor.Workflow}' version {current.Version} no longer loads: " +
                string.Join("; ", loaded.Errors.Select(e => e.Message))));
        }

        var now = time.GetUtcNow();
        var validated = ParamValidator.Validate(definition.Params, record.Payload as JsonObject ?? []);
        if (!validated.IsValid)
        {
            var failed = await records.FailUnstartedAsync(
                orgId, record.Id, from, "payload does not fit workflow '" + processor.Workflow + "': " + string.Join("; ", validated.Errors),
                now, cancellationToken);
            return failed is null ? new(null, NotProcessable(record, reprocess)) : new(failed, null);
        }

        var executionId = SortableIds.Next(now);
        var claimed = await records.ClaimAsync(
            new RecordClaim(orgId, record.Id, from, executionId, now, now + definition.Timeout + ClaimMargin), cancellationToken);
        if (claimed is null)
        {
            // Another node claimed it between our read and our claim: say what it is doing now.
            var latest = await records.GetAsync(orgId, record.Id, cancellationToken) ?? record;
            return new(null, NotProcessable(latest, reprocess));
        }

        var request = new RunRequest(
            orgId,
            new ResolvedWorkflow(definition, current.Version),
            validated.Values,
            new JsonObject { ["type"] = "record", ["record_id"] = record.Id, ["category"] = record.Category })
        {
            ExecutionId = executionId,
            AuditNote = $"for record {record.Id}",

            // The record is claimed for this run id: params the starter still refuses (a data provider's values
            // changed) give a failed run, which fails the record with the reason.
            RecordInvalidParams = true,
        };
        if (wait is not { } waitFor)
        {
            // Answered now; the run settles the record when it ends (or whichever node reads the record next does).
            var background = await runs.BeginAsync(
                request with { Wait = definition.Timeout + ClaimMargin }, lifetime.ApplicationStopping);
            _ = SettleWhenFinishedAsync(claimed, background);
            return new(claimed, null);
        }

        var started = await runs.StartAsync(request with { Wait = waitFor }, cancellationToken);
        if (started.Execution is { IsFinished: true } finished)
        {
            return new(await CompleteAsync(claimed, finished, cancellationToken) ?? claimed, null);
        }

        Log.StillProcessing(logger, record.Id, executionId, waitFor);
        return new(claimed, null);
    }

    /// <summary>
    /// A <c>processing</c> record whose run has finished, settled from the stored run; any other record as it is.
    /// </summary>
    public async Task<StoredRecord> SettleAsync(StoredRecord record, CancellationToken cancellationToken)
    {
        if (record.Status != RecordStatuses.Processing || record.ExecutionId is not { } executionId)
        {
            return record;
        }

        var execution = await executions.GetExecutionAsync(executionId, cancellationToken);
        if (execution is null || execution.OrgId != record.OrgId || !execution.IsFinished)
        {
            return record;
        }

        return await CompleteAsync(record, execution, cancellationToken)
            ?? await records.GetAsync(record.OrgId, record.Id, cancellationToken)
            ?? record;
    }

    private async Task<StoredRecord?> CompleteAsync(StoredRecord record, ExecutionRecord execution, CancellationToken cancellationToken)
    {
        var succeeded = execution.Status == ExecutionStatus.Succeeded;
        var error = succeeded ? null : execution.Error ?? $"the run ended {StatusText.ToText(execution.Status)}";
        var settled = await records.CompleteAsync(
            record.OrgId, record.Id, execution.Id, succeeded, succeeded ? execution.Output : null, error, time.GetUtcNow(), cancellationToken);
        if (settled is not null)
        {
            Log.Settled(logger, record.Id, execution.Id, settled.Status);
        }

        return settled;
    }

    private async Task SettleWhenFinishedAsync(StoredRecord record, RunStart started)
    {
        try
        {
            var finished = started.Finishing is { } finishing ? await finishing : started.Execution;
            if (finished is { IsFinished: true })
            {
                await CompleteAsync(record, finished, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or StorageException)
        {
            // The next read of the record settles it from the stored run.
            Log.SettleDeferred(logger, exception, record.Id);
        }
    }

    private bool IsLapsed(StoredRecord record) =>
        record.Status == RecordStatuses.Processing && record.ClaimUntil is { } until && until < time.GetUtcNow();

    private static ErrorResult NotProcessable(StoredRecord record, bool reprocess)
    {
        var details = new JsonObject { ["record_id"] = record.Id, ["status"] = record.Status };
        return record.Status switch
        {
            RecordStatuses.Processing => ApiErrors.Conflict(
                $"Record '{record.Id}' is being processed by run '{record.ExecutionId}'", details),
            RecordStatuses.Pending when reprocess => ApiErrors.Conflict(
                $"Record '{record.Id}' has not been processed yet: use POST /api/v1/records/{record.Id}/process", details),
            _ => ApiErrors.Conflict(
                $"Record '{record.Id}' is already {record.Status}: use POST /api/v1/records/{record.Id}/reprocess to process it again", details),
        };
    }
}
