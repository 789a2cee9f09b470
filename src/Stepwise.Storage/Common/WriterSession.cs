using System.Data;
using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// The writer's connection, its current batch transaction, and the prepared journal statements, which live as long
/// as the connection and are re-bound to each batch's transaction. A connection the server dropped (a PostgreSQL
/// restart) is replaced at the next batch, so the writer carries on once the database is back.
/// </summary>
internal sealed class WriterSession : IAsyncDisposable
{
    // Statements the stores write often (an audit entry per run start), prepared once per connection like the
    // journal's: a write then only sets values, where a one-off command is parsed and planned again each time.
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private DbTransaction? _transaction;

    public WriterSession(SqlDialect dialect, DbConnection connection)
    {
        Dialect = dialect;
        Connection = connection;
        Journal = new JournalStatements(dialect, connection);
    }

    public SqlDialect Dialect { get; }

    public DbConnection Connection { get; private set; }

    public JournalStatements Journal { get; private set; }

    public DbTransaction Transaction =>
        _transaction ?? throw new InvalidOperationException("A write ran outside a writer transaction.");

    public async ValueTask BeginAsync(CancellationToken cancellationToken)
    {
        if (Connection.State != ConnectionState.Open)
        {
            await ReconnectAsync(cancellationToken).ConfigureAwait(false);
        }

        _transaction = await Dialect.BeginWriteTransactionAsync(Connection, cancellationToken).ConfigureAwait(false);
        Journal.Bind(_transaction);
        foreach (var command in _prepared.Values)
        {
            command.Transaction = _transaction;
        }
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        var committing = Transaction;
        _transaction = null;
        try
        {
            await committing.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await committing.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Rolls back the open transaction, if any; a failure to roll back is left to the next begin to report.</summary>
    public async ValueTask RollbackAsync()
    {
        if (_transaction is not { } open)
        {
            return;
        }

        _transaction = null;
        try
        {
            await open.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            // The engine may already have rolled back (SQLite does on some errors); disposing below finishes it.
        }
        finally
        {
            await open.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The prepared command of <paramref name="sql"/> with its parameters named in order, in the current transaction:
    /// set each value by position and execute it; it belongs to the session, so callers do not dispose it.
    /// </summary>
    public DbCommand Prepared(string sql, IReadOnlyList<string> parameterNames)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand(sql);
            foreach (var name in parameterNames)
            {
                command.AddParameter(name);
            }

            _prepared[sql] = command;
        }

        command.Transaction = Transaction;
        return command;
    }

    /// <summary>A one-off command in the current transaction; callers dispose it.</summary>
    public DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        return command;
    }

    private async ValueTask ReconnectAsync(CancellationToken cancellationToken)
    {
        await DisposePreparedAsync().ConfigureAwait(false);
        await Journal.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        Connection = await Dialect.OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
        Journal = new JournalStatements(Dialect, Connection);
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync().ConfigureAwait(false);
        await DisposePreparedAsync().ConfigureAwait(false);
        await Journal.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    private async ValueTask DisposePreparedAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _prepared.Clear();
    }
}
