namespace Stepwise.Core.Storage;

/// <summary>The first <see cref="Limit"/> runs of an organization with one status.</summary>
public sealed record QueueQuery(string OrgId, ExecutionStatus Status, int Limit);
