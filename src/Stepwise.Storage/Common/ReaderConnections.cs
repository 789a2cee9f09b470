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
    private readonly StoreFaultMonitor? _faults;

    public ReaderConnections(SqlDialect dialect, StoreFaultMonitor? faults = null)
    {
        _dialect = dialect;
        _faults = faults;
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
            if (translated is Core.Storage.StorageFaultException fault && _dialect.IsDamage(exception))
            {
                // A damaged page found by a read: readiness says so until the server restarts, as it does not heal.
                _faults?.Report(fault.Reason, lasting: true);
            }

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
