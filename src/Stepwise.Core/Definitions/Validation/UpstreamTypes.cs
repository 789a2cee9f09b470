using System.Collections;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>
/// The output types a node may read: a view of the types found so far, limited to the node's upstream set, so no
/// node copies the types of everything before it.
/// </summary>
internal sealed class UpstreamTypes(IReadOnlySet<string> upstream, IReadOnlyDictionary<string, DataType> types)
    : IReadOnlyDictionary<string, DataType>
{
    public int Count => Keys.Count();

    public IEnumerable<string> Keys => upstream.Where(types.ContainsKey);

    public IEnumerable<DataType> Values => Keys.Select(k => types[k]);

    public DataType this[string key] => TryGetValue(key, out var type) ? type : throw new KeyNotFoundException(key);

    public bool ContainsKey(string key) => upstream.Contains(key) && types.ContainsKey(key);

    public bool TryGetValue(string key, out DataType value)
    {
        if (upstream.Contains(key) && types.TryGetValue(key, out var type))
        {
            value = type;
            return true;
        }

        value = null!;
        return false;
    }

    public IEnumerator<KeyValuePair<string, DataType>> GetEnumerator() =>
        Keys.Select(k => KeyValuePair.Create(k, types[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
