namespace Stepwise.Core.Storage;

/// <summary>A write referred to a record that does not exist, such as a step of an unknown run.</summary>
public sealed class StorageNotFoundException : StorageException
{
    public StorageNotFoundException()
    {
    }

    public StorageNotFoundException(string message)
        : base(message)
    {
    }

    public StorageNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
