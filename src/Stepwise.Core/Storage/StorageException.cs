using Stepwise.Sdk;

namespace Stepwise.Core.Storage;

/// <summary>
/// A failure of the durable store. Providers map their own errors to this type or one of its subclasses once, so
/// callers never see a provider exception; the message names the operation and the record it was about.
/// </summary>
public class StorageException : StepwiseException
{
    public StorageException()
    {
    }

    public StorageException(string message)
        : base(message)
    {
    }

    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
