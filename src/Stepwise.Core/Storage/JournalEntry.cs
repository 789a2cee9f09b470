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
