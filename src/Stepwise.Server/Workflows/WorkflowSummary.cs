using System.Text.Json.Nodes;

namespace Stepwise.Server.Workflows;

/// <summary>A workflow in the list: its current version and triggers.</summary>
internal sealed record WorkflowSummary(
    string Name,
    string? Description,
    int Version,
    int Versions,
    DateTimeOffset UpdatedAt,
    JsonArray Triggers);
