namespace Stepwise.Core.Storage;

/// <summary>The source of one version of a workflow, exactly as deployed (YAML or JSON).</summary>
public sealed record WorkflowVersionRecord(
    string OrgId,
    string Name,
    int Version,
    string Source,
    string ContentHash,
    DateTimeOffset CreatedAt);
