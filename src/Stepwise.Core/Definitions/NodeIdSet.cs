using System.Collections;

namespace Stepwise.Core.Definitions;

/// <summary>
/// A set of node ids stored as one bit per node of a graph: the upstream set of every node of a 10,000-node
/// workflow costs 12 MB and unions a word at a time, where hash sets of strings would cost gigabytes.
/// </summary>
internal sealed class NodeIdSet : IReadOnlySet<string>
{
    private readonly ulong[] _bits;
    private readonly IReadOnlyList<string> _ids;
    private readonly Dictionary<string, int> _indexById;
    private int _count = -1;

    public NodeIdSet(IReadOnlyList<string> ids, Dictionary<string, int> indexById)
    {
        _ids = ids;
        _indexById = indexById;
        _bits = new ulong[(ids.Count + 63) / 64];
    }

    public int Count
    {
        get
        {
            if (_count < 0)
            {
                _count = _bits.Sum(word => System.Numerics.BitOperations.PopCount(word));
            }

            return _count;
        }
    }

    public void Add(int index)
    {
        _bits[index >> 6] |= 1UL << (index & 63);
        _count = -1;
    }

    public void UnionWith(NodeIdSet other)
    {
        _count = -1;
        for (var i = 0; i < _bits.Length; i++)
        {
            _bits[i] |= other._bits[i];
        }
    }

    public bool Contains(int index) => (_bits[index >> 6] & (1UL << (index & 63))) != 0;

    // Duplicate ids map to their first node, like the rest of the graph.
    public bool Contains(string item) => _indexById.TryGetValue(item, out var index) && Contains(index);

    public IEnumerator<string> GetEnumerator()
    {
        for (var index = 0; index < _ids.Count; index++)
        {
            if (Contains(index))
            {
                yield return _ids[index];
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => ToHashSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => ToHashSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => ToHashSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => other.All(Contains);

    public bool Overlaps(IEnumerable<string> other) => other.Any(Contains);

    public bool SetEquals(IEnumerable<string> other) => ToHashSet().SetEquals(other);

    private HashSet<string> ToHashSet() => new(this, StringComparer.Ordinal);
}
