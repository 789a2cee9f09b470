namespace Stepwise.Core.Storage;

/// <summary>A deployed workflow: its latest version, when that was deployed and how many versions it has.</summary>
public sealed record WorkflowSummaryRecord(WorkflowVersionRecord Latest, int VersionCount);
