namespace Stepwise.Server.Executions;

/// <summary>The answer to starting, retrying or compensating a run without waiting: where it is and its status.</summary>
internal sealed record ExecutionAccepted(string Id, string Status, string Workflow, int Version);
