using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>The one place provider exceptions become Stepwise storage exceptions.</summary>
internal static class StorageErrors
{
    /// <summary>
    /// True for kinds that say nothing about the write itself (locks, contention, a lost connection): the whole
    /// transaction failed, and the same write may succeed later.
    /// </summary>
    public static bool IsTransient(StorageErrorKind kind) =>
        kind is StorageErrorKind.Busy or StorageErrorKind.Contention or StorageErrorKind.Unavailable or StorageErrorKind.Fault;

    /// <summary>
    /// Wraps <paramref name="exception"/> in the storage exception for its kind; <paramref name="operation"/> says
    /// what was being done, such as <c>Creating execution 'e1'</c>.
    /// </summary>
    public static Exception Translate(SqlDialect dialect, Exception exception, string operation)
    {
        if (exception is StorageException or OperationCanceledException or ObjectDisposedException
            or ArgumentException)
        {
            return exception;
        }

        return dialect.Classify(exception) switch
        {
            StorageErrorKind.Busy => new StorageBusyException(
                $"{operation} failed: the database stayed locked by another writer past the busy timeout.", exception),
            StorageErrorKind.Contention => new StorageBusyException(
                $"{operation} failed: it conflicted with a concurrent transaction ({exception.Message}); it may " +
                "succeed if tried again.", exception),
            StorageErrorKind.Unavailable => new StorageBusyException(
                $"{operation} failed: the database could not be reached ({exception.Message}); it may succeed once " +
                "the database is back.", exception),
            StorageErrorKind.Fault => new StorageFaultException(
                $"{operation} failed: the store cannot keep it: {dialect.DescribeFault(exception)}.", dialect.DescribeFault(exception), exception),
            StorageErrorKind.UniqueViolation => new StorageConflictException(
                $"{operation} failed: a record with the same key already exists.", exception),
            StorageErrorKind.ForeignKeyViolation => new StorageNotFoundException(
                $"{operation} failed: it refers to a record that does not exist.", exception),
            StorageErrorKind.OtherConstraintViolation => new StorageConflictException(
                $"{operation} failed: a database constraint was violated ({exception.Message}).", exception),
            StorageErrorKind.Other => new StorageException($"{operation} failed: {exception.Message}", exception),
            _ => new StorageException($"{operation} failed: {exception.GetType().Name}: {exception.Message}", exception),
        };
    }
}
