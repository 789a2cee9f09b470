namespace Stepwise.Core.Storage;

/// <summary>What a deploy did: the version now current, and whether it is new (false: the source was unchanged).</summary>
public sealed record WorkflowDeployment(WorkflowVersionRecord Version, bool Created);
