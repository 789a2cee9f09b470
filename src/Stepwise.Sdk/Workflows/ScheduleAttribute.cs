namespace Stepwise.Sdk;

/// <summary>Starts the workflow on a cron schedule (5 fields, or 6 with seconds).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ScheduleAttribute(string cron) : Attribute
{
    /// <summary>The cron expression.</summary>
    public string Cron { get; } = cron;

    /// <summary>The IANA time zone the expression is read in; UTC when null.</summary>
    public string? TimeZone { get; set; }
}
