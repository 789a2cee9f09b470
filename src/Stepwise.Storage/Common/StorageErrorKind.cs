namespace Stepwise.Storage.Common;

internal enum StorageErrorKind
{
    /// <summary>Not an error of the database engine.</summary>
    NotDatabase,

    /// <summary>Locked by another writer past the busy timeout.</summary>
    Busy,

    /// <summary>A deadlock or serialization failure with a concurrent transaction; retrying may succeed.</summary>
    Contention,

    /// <summary>The database could not be reached or dropped the connection; retrying may succeed.</summary>
    Unavailable,

    UniqueViolation,
    ForeignKeyViolation,
    OtherConstraintViolation,

    /// <summary>The store cannot keep writes: full, read-only, damaged, or failing I/O. Every write fails alike until it is fixed.</summary>
    Fault,

    /// <summary>Any other engine error: I/O, corruption, bad SQL.</summary>
    Other,
}
