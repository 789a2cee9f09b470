using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>The one place provider exceptions become Stepwise storage exceptions.</summary>
internal static class StorageErrors
{
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
