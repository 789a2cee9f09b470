namespace Stepwise.Core.Storage.InMemory;

public sealed partial class InMemoryStore
{
    public Task CreateExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        lock (_gate)
        {
            if (!_executions.TryAdd(execution.Id, new ExecutionState(execution)))
            {
                throw new InvalidOperationException($"Execution '{execution.Id}' already exists");
            }
        }

        return Task.CompletedTask;
    }

    public Task<ExecutionRecord?> GetExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_executions.TryGetValue(id, out var execution) ? execution.Record : null);
        }
    }

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<StepRecord>>(
                _executions.TryGetValue(executionId, out var execution) ? [.. execution.Steps] : []);
        }
    }

    public Task<IReadOnlyList<ExecutionLogRecord>> GetLogsAsync(string executionId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ExecutionLogRecord>>(
                _executions.TryGetValue(executionId, out var execution) ? [.. execution.Logs] : []);
        }
    }

    /// <summary>Every run, newest first: for listing in tools and tests.</summary>
    public IReadOnlyList<ExecutionRecord> ListExecutions()
    {
        lock (_gate)
        {
            return [.. _executions.Values.Select(e => e.Record).OrderByDescending(e => e.CreatedAt)];
        }
    }

    public Task<bool> TryClaimAsync(
        string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_executions.TryGetValue(id, out var execution) || execution.Record.IsFinished)
            {
                return Task.FromResult(false);
            }

            var free = execution.LeaseOwner is null || execution.LeaseOwner == owner
                || execution.LeaseUntil <= _time.GetUtcNow();
            if (free)
            {
                execution.LeaseOwner = owner;
                execution.LeaseUntil = leaseUntil;
            }

            return Task.FromResult(free);
        }
    }

    public Task<IReadOnlyList<string>> RenewLeasesAsync(
        string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var held = new List<string>();
            foreach (var execution in _executions.Values)
            {
                if (execution.LeaseOwner == owner)
                {
                    execution.LeaseUntil = leaseUntil;
                    held.Add(execution.Record.Id);
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(held);
        }
    }

    public Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_executions.TryGetValue(id, out var execution) && execution.LeaseOwner == owner)
            {
                execution.LeaseOwner = null;
                execution.LeaseUntil = null;
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ExecutionRecord>> ListResumableAsync(
        DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ExecutionRecord>>(
            [
                .. _executions.Values
                    .Where(e => !e.Record.IsFinished && (e.LeaseOwner is null || e.LeaseUntil <= now))
                    .Select(e => e.Record)
                    .OrderByDescending(e => e.Priority)
                    .ThenBy(e => e.CreatedAt)
                    .Take(limit),
            ]);
        }
    }
}
