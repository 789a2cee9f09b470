namespace Stepwise.Core.Storage;

/// <summary>Organizations (tenants).</summary>
public interface IOrganizationStore
{
    /// <summary>Creates an organization; <see cref="StorageConflictException"/> when the id is taken.</summary>
    Task CreateAsync(OrganizationRecord organization, CancellationToken cancellationToken = default);

    /// <summary>Creates the organization unless it exists; true when it was created.</summary>
    Task<bool> EnsureAsync(OrganizationRecord organization, CancellationToken cancellationToken = default);

    Task<OrganizationRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every organization, by id.</summary>
    Task<IReadOnlyList<OrganizationRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Activates or deactivates; false when the organization does not exist.</summary>
    Task<bool> SetActiveAsync(string id, bool isActive, CancellationToken cancellationToken = default);
}
