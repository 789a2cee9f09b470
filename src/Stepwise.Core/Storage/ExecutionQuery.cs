namespace Stepwise.Core.Storage;

/// <summary>
/// A page of an organization's runs, newest first. <see cref="After"/> continues after the last run of the previous
/// page (its created_at and id); <see cref="Since"/> is inclusive and <see cref="Until"/> exclusive, on created_at.
/// </summary>
public sealed record ExecutionQuery(
    string OrgId,
    int Limit,
    ExecutionStatus? Status = null,
    string? Workflow = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    ExecutionCursor? After = null);
