namespace Stepwise.Core.Scheduling;

/// <summary>The bytes of log lines one run may still write in this process (STEPWISE_MAX_RUN_LOG); shared by its steps.</summary>
internal sealed class RunLogBudget(long limit)
{
    private long _spent;

    public long Limit => limit;

    public bool TrySpend(long bytes)
    {
        var spent = Interlocked.Add(ref _spent, bytes);
        if (spent <= limit)
        {
            return true;
        }

        Interlocked.Add(ref _spent, -bytes);
        return false;
    }
}
