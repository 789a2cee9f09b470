namespace Stepwise.Core.Storage;

/// <summary>A write broke a uniqueness or other constraint, such as creating a run whose id already exists.</summary>
public sealed class StorageConflictException : StorageException
{
    public StorageConflictException()
    {
    }

    public StorageConflictException(string message)
        : base(message)
    {
    }

    public StorageConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
