namespace Stepwise.Core.Storage;

/// <summary>One page of audit entries; <see cref="Next"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, AuditCursor? Next);
