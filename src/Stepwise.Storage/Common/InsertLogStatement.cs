using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Appends one line to a run's log.</summary>
internal sealed class InsertLogStatement : IAsyncDisposable
{
    private const string Sql = """
        INSERT INTO execution_logs (execution_id, step_id, level, message, data, at)
        VALUES (@execution_id, @step_id, @level, @message, @data, @at)
        """;

    private readonly DbCommand command;
    private readonly DbParameter executionId;
    private readonly DbParameter stepId;
    private readonly DbParameter level;
    private readonly DbParameter message;
    private readonly DbParameter data;
    private readonly DbParameter at;

    public InsertLogStatement(DbConnection connection, DbTransaction? transaction)
    {
        command = connection.CreateCommand(Sql);
        command.Transaction = transaction;
        executionId = command.AddParameter("@execution_id");
        stepId = command.AddParameter("@step_id");
        level = command.AddParameter("@level");
        message = command.AddParameter("@message");
        data = command.AddParameter("@data");
        at = command.AddParameter("@at");
    }

    public DbTransaction? Transaction
    {
        set => command.Transaction = value;
    }

    public async ValueTask ExecuteAsync(ExecutionLogRecord line, CancellationToken cancellationToken)
    {
        executionId.Value = line.ExecutionId;
        stepId.Value = DbValues.TextOrNull(line.StepId);
        level.Value = StatusText.ToText(line.Level);
        message.Value = line.Message;
        data.Value = DbValues.JsonOrNull(line.Data);
        at.Value = DbValues.ToUnixMs(line.At);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
