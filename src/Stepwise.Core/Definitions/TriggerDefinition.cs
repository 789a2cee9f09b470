using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;

namespace Stepwise.Core.Definitions;

public abstract record TriggerDefinition(SourceLocation? Location);

public sealed record ManualTrigger(SourceLocation? Location) : TriggerDefinition(Location);

public enum WebhookResponse
{
    Async,
    Sync,
}

public sealed record WebhookTrigger(string Path, WebhookResponse Respond, ValueTemplate? Secret, SourceLocation? Location)
    : TriggerDefinition(Location);

/// <summary>A cron schedule (5 fields, or 6 with seconds first) in an IANA time zone.</summary>
public sealed record ScheduleTrigger(string Cron, string TimeZone, JsonObject Params, SourceLocation? Location)
    : TriggerDefinition(Location);

[Flags]
public enum FileWatchEvents
{
    None = 0,
    Created = 1,
    Changed = 2,
    Deleted = 4,
}

public sealed record FileWatchTrigger(string Path, string Pattern, FileWatchEvents Events, SourceLocation? Location)
    : TriggerDefinition(Location);
