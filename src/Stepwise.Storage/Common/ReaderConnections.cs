using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// Runs reads on their own short-lived connections, so reads never wait behind the writer's batches. A read that
/// finds its pooled connection dead (the database restarted) is tried once more on a fresh one: reads change
/// nothing, so repeating one is safe.
/// </summary>
internal sealed class ReaderConnections
{
    private readonly SqlDialect _dialect;

    public ReaderConnections(SqlDialect dialect)
    {
        _dialect = dialect;
    }

    public async Task<T> ReadAsync<T>(
        string operation, Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return await ReadOnceAsync(read, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                && _dialect.Classify(exception) == StorageErrorKind.Unavailable)
            {
                _dialect.ForgetIdleConnections();
                return await ReadOnceAsync(read, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var translated = StorageErrors.Translate(_dialect, exception, operation);
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    private async Task<T> ReadOnceAsync<T>(
        Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await _dialect.OpenReaderConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
    }
}
