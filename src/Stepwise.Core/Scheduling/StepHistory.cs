using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// What the store remembers of one step when a run resumes: the latest attempt of its current round and when that
/// round first started. Attempts a retry superseded (numbered below the round's first) are left out.
/// </summary>
internal sealed class StepHistory(StepRecord latest, int position)
{
    public StepRecord Latest { get; private set; } = latest;

    public DateTimeOffset FirstStartedAt { get; private set; } = latest.StartedAt;

    /// <summary>Where the latest attempt was first written among the run's records: ties in finish time keep it.</summary>
    public int Position { get; private set; } = position;

    public void Add(StepRecord record, int position)
    {
        if (record.StartedAt < FirstStartedAt)
        {
            FirstStartedAt = record.StartedAt;
        }

        if (record.Attempt >= Latest.Attempt)
        {
            Latest = record;
            Position = position;
        }
    }

    public static Dictionary<string, StepHistory> Build(IReadOnlyList<StepRecord> steps, RunControlHistory control)
    {
        var byStep = new Dictionary<string, StepHistory>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (control.IsSuperseded(step))
            {
                continue;
            }

            if (byStep.TryGetValue(step.StepId, out var history))
            {
                history.Add(step, i);
            }
            else
            {
                byStep.Add(step.StepId, new StepHistory(step, i));
            }
        }

        return byStep;
    }
}
