namespace Stepwise.Core.Storage;

/// <summary>The audit log: entries are appended and read, never changed or deleted.</summary>
public interface IAuditStore
{
    Task AppendAsync(AuditRecord entry, CancellationToken cancellationToken = default);

    Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
