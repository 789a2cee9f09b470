using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>Configuration key/values per organization.</summary>
public interface IOrgConfigStore
{
    /// <summary>Creates the key or replaces its value (keeping its creation time); returns it as stored.</summary>
    Task<ConfigEntryRecord> PutAsync(
        string orgId, string key, JsonNode? value, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<ConfigEntryRecord?> GetAsync(string orgId, string key, CancellationToken cancellationToken = default);

    /// <summary>The organization's configuration by key.</summary>
    Task<IReadOnlyList<ConfigEntryRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default);

    /// <summary>False when the key does not exist.</summary>
    Task<bool> DeleteAsync(string orgId, string key, CancellationToken cancellationToken = default);
}
