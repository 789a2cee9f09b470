namespace Stepwise.Core.Storage.InMemory;

/// <summary>One run as the in-memory store keeps it; guarded by the store's lock.</summary>
internal sealed class ExecutionState(ExecutionRecord record)
{
    private readonly Dictionary<(string StepId, int Attempt), int> _stepIndex = [];

    public ExecutionRecord Record { get; private set; } = record;

    /// <summary>Attempts in the order first written; a later write of the same attempt replaces it in place.</summary>
    public List<StepRecord> Steps { get; } = [];

    public List<ExecutionLogRecord> Logs { get; } = [];

    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public void WriteStep(StepRecord step)
    {
        if (_stepIndex.TryGetValue((step.StepId, step.Attempt), out var index))
        {
            Steps[index] = step;
            return;
        }

        _stepIndex.Add((step.StepId, step.Attempt), Steps.Count);
        Steps.Add(step);
    }

    /// <summary>
    /// The entry states the run's status in full, as the SQL stores apply it: output and error take the entry's
    /// values, the start time is kept from the first time the run left pending, and the finish time is set when it
    /// finishes and cleared when a retry or a compensation request makes it active again.
    /// </summary>
    public void WriteStatus(ExecutionStatusWritten status)
    {
        var next = Record with { Status = status.Status };
        Record = next with
        {
            Output = status.Output,
            Error = status.Error,
            StartedAt = Record.StartedAt ?? (status.Status == ExecutionStatus.Pending ? null : status.At),
            FinishedAt = next.IsFinished ? status.At : null,
        };
        if (Record.IsFinished)
        {
            LeaseOwner = null;
            LeaseUntil = null;
        }
    }
}
