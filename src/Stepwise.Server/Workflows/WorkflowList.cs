namespace Stepwise.Server.Workflows;

internal sealed record WorkflowList(IReadOnlyList<WorkflowSummary> Items);
