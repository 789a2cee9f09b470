namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// A measurement's tags as recorded (names and values, in their order): the key of a series that a recording can
/// look up from the span it was given, allocating nothing when the series exists.
/// </summary>
internal sealed class TagSet
{
    public static readonly TagSetComparer Comparer = new();

    private readonly KeyValuePair<string, object?>[] _tags;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _tags = tags.ToArray();
        Hash = HashOf(tags);
    }

    public int Hash { get; }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, _tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value);
        }

        return hash.ToHashCode();
    }

    public sealed class TagSetComparer
        : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
    {
        public bool Equals(TagSet? x, TagSet? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && x.Matches(y._tags));

        public int GetHashCode(TagSet obj) => obj.Hash;

        public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

        public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

        public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate);
    }
}
