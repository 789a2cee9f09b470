using Stepwise.Core.Storage;

namespace Stepwise.Server.Retention;

/// <summary>
/// One retention pass: every organization's finished runs that finished longer than the retention ago go, with their
/// steps and logs, through <see cref="IExecutionAdmin.PurgeAsync"/>, which deletes in bounded batches, one writer
/// transaction each, so the writer is never held long.
/// </summary>
internal sealed class RetentionJob(
    IOrganizationStore organizations, IExecutionAdmin admin, RetentionOptions options, TimeProvider time)
{
    /// <summary>Every finished status: a run in any other status may still change, so it is never purged.</summary>
    public static IReadOnlyList<ExecutionStatus> FinishedStatuses { get; } =
    [
        ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Cancelled, ExecutionStatus.TimedOut,
        ExecutionStatus.Compensated,
    ];

    /// <summary>Purges the runs past the retention now; returns how many went.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var finishedBefore = time.GetUtcNow() - options.Retention;
        var purged = 0;
        foreach (var organization in await organizations.ListAsync(cancellationToken))
        {
            foreach (var status in FinishedStatuses)
            {
                purged += await admin.PurgeAsync(organization.Id, status, finishedBefore, cancellationToken);
            }
        }

        return purged;
    }
}
