using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Triggers;

/// <summary>One schedule to run: which workflow, when, and with which params.</summary>
public sealed record Schedule(ScheduleKey Key, CronSchedule Cron, JsonObject Params)
{
    /// <summary>
    /// The schedule of the trigger at <paramref name="index"/> in a workflow's trigger list. The key holds the index,
    /// cron and time zone, so an edited cron is a new schedule (it does not catch up on ticks of the old one) while
    /// an unchanged one keeps its last-fired time across deploys and restarts.
    /// </summary>
    public static Schedule FromTrigger(string orgId, string workflow, int index, ScheduleTrigger trigger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orgId);
        ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
        ArgumentNullException.ThrowIfNull(trigger);
        var cron = CronSchedule.TryParse(trigger.Cron, trigger.TimeZone, out var parsed, out var error)
            ? parsed
            : throw new ArgumentException($"Trigger {index} of workflow '{workflow}': {error}", nameof(trigger));
        var key = new ScheduleKey(orgId, workflow, $"{index}: {trigger.Cron.Trim()} ({trigger.TimeZone})");
        return new Schedule(key, cron, trigger.Params);
    }

    /// <summary>The schedules of every schedule trigger of <paramref name="definition"/>, in trigger order.</summary>
    public static IReadOnlyList<Schedule> FromDefinition(string orgId, WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var schedules = new List<Schedule>();
        for (var index = 0; index < definition.Triggers.Count; index++)
        {
            if (definition.Triggers[index] is ScheduleTrigger trigger)
            {
                schedules.Add(FromTrigger(orgId, definition.Name, index, trigger));
            }
        }

        return schedules;
    }
}
