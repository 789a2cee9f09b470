namespace Stepwise.Core.Definitions;

/// <summary>One file of a <see cref="WorkflowSet"/> and what loading it gave.</summary>
public sealed record WorkflowFile(string Path, LoadResult Result);
