using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Retention;

/// <summary>
/// One retention pass: every organization's finished runs that finished longer than the retention ago go, with their
/// steps and logs, through <see cref="IExecutionAdmin.PurgeAsync"/>, which deletes in bounded batches, one writer
/// transaction each, so the writer is never held long. A deployed workflow that declares its own <c>retention:</c>
/// has its runs kept for that long instead (its latest version decides), shorter or longer than the server's.
/// </summary>
internal sealed class RetentionJob(
    IOrganizationStore organizations,
    IWorkflowDirectory workflows,
    DefinitionCache definitions,
    IExecutionAdmin admin,
    RetentionOptions options,
    TimeProvider time)
{
    /// <summary>Every finished status: a run in any other status may still change, so it is never purged.</summary>
    public static IReadOnlyList<ExecutionStatus> FinishedStatuses { get; } =
    [
        ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.Cancelled, ExecutionStatus.TimedOut,
        ExecutionStatus.Compensated,
    ];

    /// <summary>Purges the runs past their retention now; returns how many went.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var organization in await organizations.ListAsync(cancellationToken))
        {
            var overrides = await OverridesAsync(organization.Id, cancellationToken);
            var overridden = overrides.Keys.ToList();
            foreach (var status in FinishedStatuses)
            {
                purged += await admin.PurgeAsync(
                    new PurgeQuery(organization.Id, status, now - options.Retention) { ExceptWorkflows = overridden },
                    cancellationToken);
                foreach (var (workflow, retention) in overrides)
                {
                    purged += await admin.PurgeAsync(
                        new PurgeQuery(organization.Id, status, now - retention) { Workflow = workflow },
                        cancellationToken);
                }
            }
        }

        return purged;
    }

    /// <summary>The organization's deployed workflows whose latest version sets a retention of its own.</summary>
    private async Task<Dictionary<string, TimeSpan>> OverridesAsync(string orgId, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var summary in await workflows.ListAsync(orgId, cancellationToken))
        {
            if ((await definitions.LoadAsync(summary.Latest, cancellationToken)).Definition?.Retention is { } retention && retention != options.Retention)
            {
                overrides[summary.Latest.Name] = retention;
            }
        }

        return overrides;
    }
}
