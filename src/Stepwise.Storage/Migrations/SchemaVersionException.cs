using Stepwise.Core.Storage;

namespace Stepwise.Storage.Migrations;

/// <summary>
/// The database's schema does not fit this build: it is ahead of the code, its migration history has gaps, or a
/// requested target version does not exist. Nothing was changed.
/// </summary>
public sealed class SchemaVersionException : StorageException
{
    public SchemaVersionException()
    {
    }

    public SchemaVersionException(string message)
        : base(message)
    {
    }

    public SchemaVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
