namespace Stepwise.Server.Audit;

/// <summary>A page of audit entries, newest first; pass <see cref="NextCursor"/> as <c>?cursor=</c> for the next.</summary>
internal sealed record AuditList(IReadOnlyList<AuditEntryDto> Items, string? NextCursor);
