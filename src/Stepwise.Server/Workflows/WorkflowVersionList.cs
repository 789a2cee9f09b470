namespace Stepwise.Server.Workflows;

/// <summary>The versions of a workflow, newest first.</summary>
internal sealed record WorkflowVersionList(string Name, IReadOnlyList<WorkflowVersionDto> Items);
