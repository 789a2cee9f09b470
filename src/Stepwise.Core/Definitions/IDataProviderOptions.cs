using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>
/// The values a data provider offers, for checking a param that names it when a run starts. The host that loads
/// data providers (the workspace) implements it; the engine finds it in the services it was given.
/// </summary>
public interface IDataProviderOptions
{
    /// <summary>The option values, given the run's other params; null when no provider has that name.</summary>
    ValueTask<IReadOnlyList<string>?> GetValuesAsync(
        string orgId, string provider, JsonObject parameters, CancellationToken cancellationToken = default);
}
