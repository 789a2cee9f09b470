namespace Stepwise.Core.Storage;

/// <summary>
/// The database stayed locked by another writer for longer than the busy timeout. Transient: the same write may
/// succeed later.
/// </summary>
public sealed class StorageBusyException : StorageException
{
    public StorageBusyException()
    {
    }

    public StorageBusyException(string message)
        : base(message)
    {
    }

    public StorageBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
