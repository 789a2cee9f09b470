using Stepwise.Core.Definitions;

namespace Stepwise.Core.Scheduling;

/// <summary>A workflow definition with the version runs of it are pinned to.</summary>
public sealed record ResolvedWorkflow(WorkflowDefinition Definition, int Version);
