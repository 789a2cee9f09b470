using Stepwise.Hosting.Runs;

namespace Stepwise.Cli.Backup;

/// <summary>
/// The lock a running <c>stepwise serve</c> holds on <c>node-id.lock</c> in its data folder for as long as it lives
/// (see <see cref="NodeIdentity"/>; the operating system drops it when the process dies, even by kill -9). A restore
/// takes it, so it knows no server has the folder's store open, and keeps it until the restore is done. It is the
/// proof the server itself relies on to end its predecessor's leases; a SQLite file lock would not do, since a
/// server holds none between transactions.
/// </summary>
internal sealed class NodeLock : IDisposable
{
    private readonly FileStream _lock;

    private NodeLock(FileStream held) => _lock = held;

    /// <summary>Takes the lock of <paramref name="dataDirectory"/>, or returns null when a live process holds it.</summary>
    public static NodeLock? TryTake(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new NodeLock(new FileStream(
                PathIn(dataDirectory), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, NodeIdentity.LockFileName));

    public void Dispose() => _lock.Dispose();
}
