using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Appends one line to a run's log.</summary>
internal sealed class InsertLogStatement : IAsyncDisposable
{
    internal const string Sql = """
        INSERT INTO execution_logs (execution_id, step_id, level, message, data, at)
        VALUES (@execution_id, @step_id, @level, @message, @data, @at)
        """;

    private readonly DbCommand _command;

    public InsertLogStatement(DbConnection connection, DbTransaction? transaction)
    {
        _command = connection.CreateCommand(Sql);
        _command.Transaction = transaction;
        _command.AddParameter("@execution_id");
        _command.AddParameter("@step_id");
        _command.AddParameter("@level");
        _command.AddParameter("@message");
        _command.AddParameter("@data");
        _command.AddParameter("@at");
    }

    public DbTransaction? Transaction
    {
        set => _command.Transaction = value;
    }

    public async ValueTask ExecuteAsync(ExecutionLogRecord line, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Values(line))
        {
            _command.Parameters[name].Value = value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parameter values of <see cref="Sql"/> for <paramref name="line"/>, shared with batched writes.</summary>
    internal static (string Name, object Value)[] Values(ExecutionLogRecord line) =>
    [
        ("@execution_id", line.ExecutionId),
        ("@step_id", DbValues.TextOrNull(line.StepId)),
        ("@level", StatusText.ToText(line.Level)),
        ("@message", line.Message),
        ("@data", DbValues.JsonOrNull(line.Data)),
        ("@at", DbValues.ToUnixMs(line.At)),
    ];

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
