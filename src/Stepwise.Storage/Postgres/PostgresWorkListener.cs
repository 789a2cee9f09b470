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

    private readonly NpgsqlDataSource dataSource;
    private readonly WorkSignal signal;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private int started;
    private int connections;

    public PostgresWorkListener(NpgsqlDataSource dataSource, WorkSignal signal, TimeProvider timeProvider, ILogger logger)
    {
        this.dataSource = dataSource;
        this.signal = signal;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    /// <summary>Times the listener has started listening: 1 after the first connection, more after reconnects.</summary>
    public int Connections => Volatile.Read(ref connections);

    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            loop = Task.Run(ListenAsync, CancellationToken.None);
        }

        return signal.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var token = stopping.Token;
        var retryDelay = TimeSpan.Zero;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    using (var listen = new NpgsqlCommand("LISTEN " + PostgresDialect.WorkChannel, connection))
                    {
                        await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                    }

                    Interlocked.Increment(ref connections);
                    Log.ListenerConnected(logger, PostgresDialect.WorkChannel);
                    retryDelay = TimeSpan.Zero;
                    signal.Notify();
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
                dataSource.Clear();
                Log.ListenerFailed(logger, PostgresDialect.WorkChannel, retryDelay, exception);
            }

            if (retryDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(retryDelay, timeProvider, token).ConfigureAwait(false);
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

    private void OnNotification(object? sender, NpgsqlNotificationEventArgs notification) => signal.Notify();
}
