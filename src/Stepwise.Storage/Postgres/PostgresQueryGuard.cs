using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// One query of the query language on a pooled PostgreSQL connection: a READ ONLY transaction with a local
/// <c>statement_timeout</c> (the server stops the statement even if this process is gone), rolled back when done so
/// nothing of it stays on the pooled connection; the deadline also cancels the statement from this side.
/// </summary>
internal sealed class PostgresQueryGuard : IAsyncDisposable
{
    private readonly NpgsqlTransaction _transaction;
    private readonly CancellationTokenRegistration _cancel;

    private PostgresQueryGuard(NpgsqlTransaction transaction, NpgsqlCommand command, CancellationToken deadline)
    {
        _transaction = transaction;
        _cancel = deadline.Register(static state => ((NpgsqlCommand)state!).Cancel(), command);
    }

    public static async ValueTask<IAsyncDisposable> StartAsync(
        DbConnection connection, DbCommand command, TimeSpan timeout, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        var transaction = await npgsql.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ms = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            var setup = new NpgsqlCommand($"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {ms}", npgsql, transaction);
            await using (setup.ConfigureAwait(false))
            {
                await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            command.Transaction = transaction;
            return new PostgresQueryGuard(transaction, (NpgsqlCommand)command, deadline);
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.DisposeAsync().ConfigureAwait(false);
        await _transaction.DisposeAsync().ConfigureAwait(false);
    }
}
