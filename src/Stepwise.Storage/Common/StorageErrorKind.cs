namespace Stepwise.Storage.Common;

internal enum StorageErrorKind
{
    /// <summary>Not an error of the database engine.</summary>
    NotDatabase,

    /// <summary>Locked by another writer past the busy timeout.</summary>
    Busy,

    UniqueViolation,
    ForeignKeyViolation,
    OtherConstraintViolation,

    /// <summary>Any other engine error: I/O, corruption, bad SQL.</summary>
    Other,
}
