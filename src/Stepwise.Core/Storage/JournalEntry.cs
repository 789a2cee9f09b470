using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>One change to a run, appended to the journal in the order the engine made it.</summary>
public abstract record JournalEntry(string ExecutionId);

/// <summary>A step attempt started or finished (its status tells which); upserted by (execution, step, attempt).</summary>
public sealed record StepWritten(StepRecord Step) : JournalEntry(Step.ExecutionId);

/// <summary>
/// The run's status changed. <see cref="At"/> is the start time when it becomes running and the finish time when
/// it finishes; output and error are set when it finishes.
/// </summary>
public sealed record ExecutionStatusWritten(
    string Id,
    ExecutionStatus Status,
    JsonNode? Output,
    string? Error,
    DateTimeOffset At) : JournalEntry(Id);

public sealed record LogWritten(ExecutionLogRecord Line) : JournalEntry(Line.ExecutionId);

/// <summary>
/// A run written whole, in one entry: its row as <see cref="Execution"/> states it (created, and already running or
/// finished), holding the lease of <see cref="LeaseOwner"/> until <see cref="LeaseUntil"/> when it is not finished,
/// with its steps and log lines so far. A run of in-memory steps that ends within moments of its start is written
/// this way when it ends (see <see cref="Scheduling.RunOptions.WriteWhenFinished"/>): one record, one commit. Stores
/// write it atomically: the run, its steps and its logs are all there or none are.
/// </summary>
public sealed record ExecutionWritten(
    ExecutionRecord Execution,
    IReadOnlyList<StepRecord> Steps,
    IReadOnlyList<ExecutionLogRecord> Logs,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil) : JournalEntry(Execution.Id)
{
    /// <summary>
    /// The audit entry of the run's start (<see cref="Scheduling.RunOptions.StartAudit"/>), appended to the audit log
    /// in the same transaction: the start is audited exactly when the run is recorded, with one commit for both.
    /// </summary>
    public AuditRecord? StartAudit { get; init; }
}
