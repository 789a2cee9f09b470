namespace Stepwise.Core.Storage;

/// <summary>Where a page of audit entries ended: the time and id of its last entry.</summary>
public sealed record AuditCursor(DateTimeOffset At, string Id);
