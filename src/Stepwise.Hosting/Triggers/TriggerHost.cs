using Stepwise.Core.Storage;
using Stepwise.Core.Triggers;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// Hosts the triggers of every deployed workflow: at start it loads the current version of each workflow of every
/// active organization into the <see cref="TriggerTable"/> (webhook routes) and registers their schedules with a
/// <see cref="ScheduleRunner"/> and their file watches with a <see cref="FileWatchRunner"/>. A deploy or delete on
/// this server applies at once (<see cref="ApplyAsync"/>); every <see cref="TriggerOptions.RefreshInterval"/> the
/// workflows are read again, which follows deploys made on other servers sharing the database and organizations
/// being deactivated. Schedules claim each tick in the shared store, so every tick fires once across servers.
/// Stopped before the worker and the store (it is registered after them).
/// </summary>
internal sealed class TriggerHost(
    StoreHost store,
    TriggerTable table,
    DefinitionCache definitions,
    TriggerRunStarter starter,
    TriggerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly ILogger _logger = loggerFactory.CreateLogger<TriggerHost>();
    private readonly CancellationTokenSource _stopping = new();
    private ScheduleRunner? _schedules;
    private FileWatchRunner? _watches;
    private Task _refreshing = Task.CompletedTask;

    // Bumped by every change made on this server, so a refresh that read the store before it does not undo it.
    private int _generation;
    private int _disposed;

    public IReadOnlyList<ScheduleStatus> Schedules(string orgId, string? workflow = null) =>
        _schedules?.List(orgId, workflow) ?? [];

    public IReadOnlyList<FileWatchStatus> FileWatches(string orgId, string? workflow = null) =>
        _watches?.List(orgId, workflow) ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _schedules = new ScheduleRunner(store.Storage.Schedules, starter, time, loggerFactory: loggerFactory);
        _watches = new FileWatchRunner(
            starter, time, new FileWatchOptions { Debounce = options.FileWatchDebounce }, loggerFactory);
        await RefreshAsync(cancellationToken);
        Log.Loaded(
            _logger,
            table.Workflows.Count,
            table.Workflows.Sum(w => w.Webhooks.Count),
            _schedules.List().Count,
            _watches.List().Count);
        _refreshing = RefreshPeriodicallyAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _refreshing;
        await DisposeRunnersAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _refreshing;
        await DisposeRunnersAsync();
        _stopping.Dispose();
        _changes.Dispose();
    }

    /// <summary>A workflow was deployed (<paramref name="current"/>) or deleted (null) on this server.</summary>
    public async Task ApplyAsync(string orgId, string name, WorkflowVersionRecord? current, CancellationToken cancellationToken)
    {
        await _changes.WaitAsync(cancellationToken);
        try
        {
            var deployed = current is null ? null : await LoadAsync(current, cancellationToken);
            _generation++;
            table.Set(orgId, name, deployed);
            await RegisterAsync(orgId, name, deployed);
            if (current is null)
            {
                // A workflow deployed again later starts its schedules afresh instead of catching up on this gap.
                await store.Storage.Schedules.DeleteWorkflowAsync(orgId, name, CancellationToken.None);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    /// <summary>Reads every deployed workflow again and makes the triggers match.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var found = new List<DeployedWorkflow>();
        var storage = store.Storage;
        var readAt = Volatile.Read(ref _generation);
        foreach (var organization in await storage.Organizations.ListAsync(cancellationToken))
        {
            if (!organization.IsActive)
            {
                continue;
            }

            foreach (var summary in await storage.WorkflowDirectory.ListAsync(organization.Id, cancellationToken))
            {
                if (await LoadAsync(summary.Latest, cancellationToken) is { } deployed)
                {
                    found.Add(deployed);
                }
            }
        }

        await _changes.WaitAsync(cancellationToken);
        try
        {
            if (readAt != _generation)
            {
                // A deploy or delete here raced this read; the next refresh reads after it.
                return;
            }

            var before = table.Workflows.ToDictionary(w => (w.OrgId, w.Name));
            table.ReplaceAll(found);
            foreach (var workflow in found)
            {
                if (!before.Remove((workflow.OrgId, workflow.Name), out var previous) || previous.Version != workflow.Version)
                {
                    await RegisterAsync(workflow.OrgId, workflow.Name, workflow);
                }
            }

            foreach (var (orgId, name) in before.Keys)
            {
                await RegisterAsync(orgId, name, null);
            }
        }
        finally
        {
            _changes.Release();
        }
    }

    private async Task<DeployedWorkflow?> LoadAsync(WorkflowVersionRecord record, CancellationToken cancellationToken)
    {
        if (table.TryGetWorkflow(record.OrgId, record.Name, out var known) && known.Version == record.Version)
        {
            return known;
        }

        var loaded = await definitions.LoadAsync(record, cancellationToken);
        if (loaded.Definition is not { } definition)
        {
            Log.Invalid(_logger, record.OrgId, record.Name, record.Version,
                "it no longer loads: " + string.Join("; ", loaded.Errors.Select(e => e.Message)));
            return null;
        }

        return new DeployedWorkflow(record.OrgId, definition, record.Version, record.CreatedAt);
    }

    /// <summary>Makes the schedules and file watches of one workflow those of <paramref name="deployed"/> (none: removed).</summary>
    private async Task RegisterAsync(string orgId, string name, DeployedWorkflow? deployed)
    {
        if (_schedules is null || _watches is null)
        {
            return;
        }

        IReadOnlyList<Schedule> wantedSchedules = [];
        IReadOnlyList<FileWatch> wantedWatches = [];
        if (deployed is not null)
        {
            try
            {
                wantedSchedules = Schedule.FromDefinition(orgId, deployed.Definition);
                wantedWatches = FileWatch.FromDefinition(orgId, deployed.Definition, options.BaseFolder);

                // Deploys refuse such paths; a workflow deployed before the roots were narrowed watches nothing.
                foreach (var refusal in wantedWatches.Select(watch => WatchRoots.Refusal(watch, options)).OfType<string>())
                {
                    Log.Invalid(_logger, orgId, name, deployed.Version, refusal);
                }

                wantedWatches = [.. wantedWatches.Where(watch => WatchRoots.Refusal(watch, options) is null)];
            }
            catch (ArgumentException exception)
            {
                Log.Invalid(_logger, orgId, name, deployed.Version, exception.Message);
            }
        }

        await _schedules.SetWorkflowSchedulesAsync(orgId, name, wantedSchedules);
        _watches.SetWorkflowWatches(orgId, name, wantedWatches);
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await RefreshAsync(cancellationToken);
                }
                catch (Exception exception) when (exception is StorageException or InvalidOperationException)
                {
                    Log.RefreshFailed(_logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task DisposeRunnersAsync()
    {
        if (Interlocked.Exchange(ref _schedules, null) is { } runner)
        {
            await runner.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _watches, null) is { } watcher)
        {
            await watcher.DisposeAsync();
        }
    }
}
