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

    public void WriteStatus(ExecutionStatusWritten status)
    {
        Record = Record with { Status = status.Status };
        if (status.Status == ExecutionStatus.Running)
        {
            Record = Record with { StartedAt = Record.StartedAt ?? status.At };
        }

        if (Record.IsFinished)
        {
            Record = Record with { Output = status.Output, Error = status.Error, FinishedAt = status.At };
            LeaseOwner = null;
            LeaseUntil = null;
        }
        else if (status.Error is not null)
        {
            Record = Record with { Error = status.Error };
        }
    }
}
