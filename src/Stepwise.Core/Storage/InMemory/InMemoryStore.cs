using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Core.Storage.InMemory;

/// <summary>
/// Runs, steps, logs and workflow versions kept in process memory: the store of <c>stepwise run</c> without a
/// database, and of tests. Journal entries apply at once, so every append is durable (for this process) on return.
/// One lock guards everything; the engine's hot path appends without awaiting, and contention here is short.
/// </summary>
public sealed partial class InMemoryStore(TimeProvider? time = null) : IExecutionStore, IExecutionJournal, IWorkflowStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ExecutionState> _executions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Org, string Name), List<WorkflowVersionRecord>> _workflows = [];
    private readonly List<AuditRecord> _startAudits = [];

    /// <summary>The audit entries that came with runs written whole (<see cref="ExecutionWritten.StartAudit"/>), in order.</summary>
    public IReadOnlyList<AuditRecord> StartAudits
    {
        get
        {
            lock (_gate)
            {
                return [.. _startAudits];
            }
        }
    }

    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (entry is ExecutionWritten whole)
            {
                WriteWhole(whole);
                return ValueTask.CompletedTask;
            }

            var execution = Find(entry.ExecutionId);
            switch (entry)
            {
                case StepWritten written:
                    execution.WriteStep(written.Step);
                    break;
                case ExecutionStatusWritten status:
                    execution.WriteStatus(status);
                    break;
                case LogWritten log:
                    execution.Logs.Add(log.Line);
                    break;
                default:
                    throw new ArgumentException($"Unknown journal entry {entry.GetType().Name}.", nameof(entry));
            }
        }

        return ValueTask.CompletedTask;
    }

    private void WriteWhole(ExecutionWritten whole)
    {
        var state = new ExecutionState(whole.Execution)
        {
            LeaseOwner = whole.Execution.IsFinished ? null : whole.LeaseOwner,
            LeaseUntil = whole.Execution.IsFinished ? null : whole.LeaseUntil,
        };
        if (!_executions.TryAdd(whole.Execution.Id, state))
        {
            throw new InvalidOperationException($"Execution '{whole.Execution.Id}' already exists");
        }

        if (whole.StartAudit is { } audit)
        {
            _startAudits.Add(audit);
        }

        foreach (var step in whole.Steps)
        {
            state.WriteStep(step);
        }

        state.Logs.AddRange(whole.Logs);
    }

    public Task<WorkflowVersionRecord> SaveVersionAsync(
        string orgId, string name, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        lock (_gate)
        {
            if (!_workflows.TryGetValue((orgId, name), out var versions))
            {
                versions = [];
                _workflows.Add((orgId, name), versions);
            }

            if (versions.Count > 0 && versions[^1].ContentHash == hash)
            {
                return Task.FromResult(versions[^1]);
            }

            var record = new WorkflowVersionRecord(orgId, name, versions.Count + 1, source, hash, _time.GetUtcNow());
            versions.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<WorkflowVersionRecord?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(
                _workflows.TryGetValue((orgId, name), out var versions) && version >= 1 && version <= versions.Count
                    ? versions[version - 1]
                    : null);
        }
    }

    public Task<WorkflowVersionRecord?> GetLatestAsync(string orgId, string name, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(
                _workflows.TryGetValue((orgId, name), out var versions) && versions.Count > 0 ? versions[^1] : null);
        }
    }

    private ExecutionState Find(string id) =>
        _executions.TryGetValue(id, out var execution)
            ? execution
            : throw new InvalidOperationException($"Execution '{id}' not found");
}
