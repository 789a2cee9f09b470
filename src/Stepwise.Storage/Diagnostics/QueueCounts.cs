namespace Stepwise.Storage.Diagnostics;

/// <summary>Runs not finished, by status, across every process sharing the database.</summary>
public sealed record QueueCounts(long Pending, long Running, long Compensating)
{
    public long Total => Pending + Running + Compensating;
}
