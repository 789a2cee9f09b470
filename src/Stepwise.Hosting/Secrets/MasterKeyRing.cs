namespace Stepwise.Hosting.Secrets;

/// <summary>
/// The key new values are sealed with, plus older keys that still open values sealed before a rotation finished.
/// </summary>
internal sealed class MasterKeyRing
{
    private readonly Dictionary<string, MasterKey> _byId;

    public MasterKeyRing(MasterKey current, IEnumerable<MasterKey> previous, string source)
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
        Source = source;
        _byId = new Dictionary<string, MasterKey>(StringComparer.Ordinal) { [current.Id] = current };
        foreach (var key in previous)
        {
            _byId.TryAdd(key.Id, key);
        }
    }

    public MasterKey Current { get; }

    /// <summary>Where the keys came from, for messages: the environment variable or the key file's path.</summary>
    public string Source { get; }

    public IEnumerable<MasterKey> Previous => _byId.Values.Where(key => key != Current);

    public MasterKey? Find(string id) => _byId.GetValueOrDefault(id);
}
