using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>A <see cref="PreparedWrite"/> through ADO.NET: a command whose parameters are set by position.</summary>
internal sealed class CommandWrite : PreparedWrite
{
    private readonly DbCommand _command;

    public CommandWrite(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<string> parameterNames)
    {
        _command = connection.CreateCommand(sql);
        _command.Transaction = transaction;
        foreach (var name in parameterNames)
        {
            _command.AddParameter(name);
        }
    }

    public override DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    public override void Set(int index, object value) => _command.Parameters[index].Value = value;

    public override async ValueTask<int> ExecuteAsync(CancellationToken cancellationToken) =>
        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask DisposeAsync() => _command.DisposeAsync();
}
