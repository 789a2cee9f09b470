using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Secrets;

/// <summary><c>config.x</c> of one run: the organization's configuration as it was when the run (re)started.</summary>
internal sealed class ConfigLookup(IReadOnlyList<ConfigEntryRecord> entries) : IValueLookup
{
    private readonly Dictionary<string, JsonNode?> _byKey = entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byKey.Keys;

    public bool TryGet(string name, out JsonNode? value)
    {
        if (_byKey.TryGetValue(name, out var stored))
        {
            value = stored?.DeepClone();
            return true;
        }

        value = null;
        return false;
    }
}
