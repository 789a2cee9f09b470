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

/// <summary>
/// <c>POST /hooks/{org}/{path}</c>. With a <see cref="Secret"/>, every request must be signed by
/// <see cref="Signature"/> (the default scheme when the definition names none).
/// </summary>
public sealed record WebhookTrigger(string Path, WebhookResponse Respond, ValueTemplate? Secret, SourceLocation? Location)
    : TriggerDefinition(Location)
{
    /// <summary>How requests are signed; null when the trigger has no secret.</summary>
    public WebhookSignatureScheme? Signature { get; init; }

    /// <summary>
    /// <c>allow_ips</c>: the addresses requests may come from (empty: any). The client address is the connection's,
    /// or behind a trusted proxy the first address of <c>X-Forwarded-For</c> that is not a trusted proxy.
    /// </summary>
    public IReadOnlyList<System.Net.IPNetwork> AllowIps { get; init; } = [];

    /// <summary>
    /// <c>response</c> of a sync webhook: a mapping of <c>status</c>, <c>headers</c> and <c>body</c> whose
    /// expressions see the finished run (params, nodes, execution, trigger, org, config); null answers the output.
    /// </summary>
    public ValueTemplate? Response { get; init; }
}

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
