namespace Stepwise.Core.Storage;

/// <summary>
/// Identifies one schedule: a schedule trigger of a workflow in an organization. <see cref="TriggerId"/> is chosen by
/// whoever registers the schedule; <see cref="Triggers.Schedule.FromTrigger"/> derives it from the trigger's
/// position, cron and time zone, so editing the cron starts a fresh schedule rather than inheriting old fire times.
/// </summary>
public sealed record ScheduleKey(string OrgId, string Workflow, string TriggerId)
{
    public override string ToString() => $"{OrgId}/{Workflow}#{TriggerId}";
}
