namespace Stepwise.Core.Storage;

/// <summary>
/// The store cannot keep what it is given: the disk is full, the file system or database is read-only, the database
/// file is damaged, or the disk fails. Not the caller's doing, and not the write's: every write fails alike until an
/// operator clears the fault, then the same write succeeds. <see cref="Reason"/> says which fault, in words.
/// </summary>
public sealed class StorageFaultException : StorageException
{
    public StorageFaultException()
    {
        Reason = "the store cannot write";
    }

    public StorageFaultException(string message)
        : base(message)
    {
        Reason = message;
    }

    public StorageFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public StorageFaultException(string message, string reason, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>The fault, such as <c>the disk is full (SQLITE_FULL)</c>.</summary>
    public string Reason { get; }
}
