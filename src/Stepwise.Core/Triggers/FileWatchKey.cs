namespace Stepwise.Core.Triggers;

/// <summary>Identifies one file-watch trigger of a workflow in an organization.</summary>
public sealed record FileWatchKey(string OrgId, string Workflow, string TriggerId)
{
    public override string ToString() => $"{OrgId}/{Workflow}#{TriggerId}";
}
