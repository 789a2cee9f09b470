namespace Stepwise.Core.Storage;

/// <summary>
/// A page of an organization's audit log, newest first. <see cref="After"/> continues after the last entry of the
/// previous page; <see cref="Since"/> is inclusive and <see cref="Until"/> exclusive. <see cref="Actor"/> matches
/// the actor id, <see cref="Action"/> the action and <see cref="Resource"/> the resource id, exactly.
/// </summary>
public sealed record AuditQuery(
    string OrgId,
    int Limit,
    string? Actor = null,
    string? Action = null,
    string? Resource = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    AuditCursor? After = null);
