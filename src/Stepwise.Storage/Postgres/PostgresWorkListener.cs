using Microsoft.Extensions.Logging;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// The work signal of a process sharing PostgreSQL: raised by this process's own writes, and by
/// <c>NOTIFY stepwise_work</c> from any process. The listening connection is opened on the first wait, not at
/// start, so a process that never waits holds no extra connection.
/// </summary>
/// <remarks>
/// Notifications sent while the listener was not connected are lost, so every time it (re)connects it raises the
/// signal once: a waiter then looks for work itself instead of sleeping through what it missed. A dropped
/// connection is replaced at once; while the server stays unreachable the retries back off up to ten seconds.
/// </remarks>
internal sealed class PostgresWorkListener : IWorkSignal, IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly WorkSignal _signal;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private int _started;
    private int _connections;

    public PostgresWorkListener(NpgsqlDataSource dataSource, WorkSignal signal, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _signal = signal;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Times the listener has started listening: 1 after the first connection, more after reconnects.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(ListenAsync, CancellationToken.None);
        }

        return _signal.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var token = _stopping.Token;
        var retryDelay = TimeSpan.Zero;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    using (var listen = new NpgsqlCommand("LISTEN " + PostgresDialect.WorkChannel, connection))
                    {
                        await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                    }

                    Interlocked.Increment(ref _connections);
                    Log.ListenerConnected(_logger, PostgresDialect.WorkChannel);
                    retryDelay = TimeSpan.Zero;
                    _signal.Notify();
                    while (true)
                    {
                        await connection.WaitAsync(token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever went wrong, the listener must outlive it: a waiter depends on it to be woken. After a
                // restart the pool's idle connections are dead too; drop them so the next try reaches the server.
                _dataSource.Clear();
                Log.ListenerFailed(_logger, PostgresDialect.WorkChannel, retryDelay, exception);
            }

            if (retryDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(retryDelay, _timeProvider, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            retryDelay = retryDelay == TimeSpan.Zero
                ? FirstBackoff
                : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
        }
    }

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs notification) => _signal.Notify();
}
