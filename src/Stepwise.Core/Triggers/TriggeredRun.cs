using System.Text.Json.Nodes;

namespace Stepwise.Core.Triggers;

/// <summary>
/// A run a trigger asks for. <see cref="Params"/> is a fresh object the starter may keep. <see cref="DueAt"/> is the
/// tick a schedule fired for (the earliest one when missed ticks were folded together) or when a file event settled.
/// </summary>
public sealed record TriggeredRun(
    string OrgId,
    string Workflow,
    TriggerSource Source,
    string TriggerId,
    JsonObject Params,
    DateTimeOffset DueAt);
