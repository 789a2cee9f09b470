using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// Runs reads on their own short-lived connections, so reads never wait behind the writer's batches. A read that
/// finds its pooled connection dead (the database restarted) is tried once more on a fresh one: reads change
/// nothing, so repeating one is safe.
/// </summary>
internal sealed class ReaderConnections
{
    private readonly SqlDialect dialect;

    public ReaderConnections(SqlDialect dialect)
    {
        this.dialect = dialect;
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
                && dialect.Classify(exception) == StorageErrorKind.Unavailable)
            {
                dialect.ForgetIdleConnections();
                return await ReadOnceAsync(read, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var translated = StorageErrors.Translate(dialect, exception, operation);
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
        var connection = await dialect.OpenReaderConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
    }
}
