using System.Text.Json.Nodes;

namespace Stepwise.Server.Workflows;

/// <summary>
/// One version of a workflow: its settings, params, triggers, nodes and connections as validated, plus the source
/// exactly as deployed.
/// </summary>
internal sealed record WorkflowDetail(
    string Name,
    string? Description,
    int Version,
    int Versions,
    DateTimeOffset CreatedAt,
    string ContentHash,
    JsonObject? Definition,
    string Source);
