using System.Security.Cryptography;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// Who this node is across restarts: an id kept in <c>&lt;data&gt;/node-id</c>, written at first start. Every
/// lease owner of the node starts with it, so a node started again over the same data folder knows which leases
/// were its own predecessor's. An exclusive lock on <c>&lt;data&gt;/node-id.lock</c>, held while the process
/// lives, proves that predecessor is gone (the OS releases the lock of a killed process): only then are its leases
/// ended at once, instead of waiting for them to expire.
/// </summary>
internal sealed class NodeIdentity : IDisposable
{
    public const string FileName = "node-id";
    public const string LockFileName = "node-id.lock";

    private readonly FileStream? _lock;

    public NodeIdentity(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataDirectory);
        Id = ReadOrCreate(Path.Combine(options.DataDirectory, FileName));
        try
        {
            _lock = new FileStream(
                Path.Combine(options.DataDirectory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            // Another live process uses this data folder as the same node: its leases are not ours to end.
            _lock = null;
        }
    }

    /// <summary>The node's id: 16 hex characters.</summary>
    public string Id { get; }

    /// <summary>True when no other live process has this node's identity: the leases of earlier ones may be ended at once.</summary>
    public bool IsSoleHolder => _lock is not null;

    /// <summary>The start of every lease owner of this node: <c>&lt;id&gt;/</c>.</summary>
    public string OwnerPrefix => Id + "/";

    public void Dispose() => _lock?.Dispose();

    private static string ReadOrCreate(string path)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: 16 } existing && existing.All(char.IsAsciiHexDigitLower))
        {
            return existing;
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, id + "\n");
        File.Move(temporary, path, overwrite: true);
        return id;
    }
}
