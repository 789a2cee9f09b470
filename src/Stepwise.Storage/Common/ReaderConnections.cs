using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>Runs reads on their own short-lived connections, so reads never wait behind the writer's batches.</summary>
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
            var connection = await dialect.OpenReaderConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await read(connection, cancellationToken).ConfigureAwait(false);
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
}
