using System.Data.Common;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Column lists and the mapping of rows to records; the select lists and the ordinals change together.</summary>
internal static class RecordReaders
{
    public const string ExecutionColumns = """
        id, org_id, workflow, version, status, priority, params, output, error, parent_execution_id,
        parent_step_id, created_at, started_at, finished_at, trigger_info
        """;

    public const string StepColumns = """
        execution_id, step_id, node_id, attempt, status, input, output, error, started_at, finished_at, due_at
        """;

    public const string LogColumns = "execution_id, step_id, level, message, data, at";

    public const string WorkflowVersionColumns = "org_id, name, version, source, content_hash, created_at";

    public static ExecutionRecord ReadExecution(DbDataReader reader)
    {
        var id = reader.GetString(0);
        var owner = $"execution '{id}'";
        var parameters = reader.GetJsonOrNull(6, owner) as JsonObject
            ?? throw new StorageException($"Column 'params' of {owner} does not hold a JSON object.");
        return new ExecutionRecord(
            Id: id,
            OrgId: reader.GetString(1),
            Workflow: reader.GetString(2),
            Version: reader.GetInt32(3),
            Status: StatusNames.ParseExecutionStatus(reader.GetString(4)),
            Priority: reader.GetInt32(5),
            Params: parameters,
            Output: reader.GetJsonOrNull(7, owner),
            Error: reader.GetStringOrNull(8),
            ParentExecutionId: reader.GetStringOrNull(9),
            ParentStepId: reader.GetStringOrNull(10),
            CreatedAt: DbValues.FromUnixMs(reader.GetInt64(11)),
            StartedAt: reader.GetUnixMsOrNull(12),
            FinishedAt: reader.GetUnixMsOrNull(13))
        {
            Trigger = reader.GetJsonOrNull(14, owner) as JsonObject,
        };
    }

    public static StepRecord ReadStep(DbDataReader reader)
    {
        var executionId = reader.GetString(0);
        var stepId = reader.GetString(1);
        var attempt = reader.GetInt32(3);
        var owner = $"attempt {attempt} of step '{stepId}' of execution '{executionId}'";
        return new StepRecord(
            ExecutionId: executionId,
            StepId: stepId,
            NodeId: reader.GetString(2),
            Attempt: attempt,
            Status: StatusNames.ParseStepStatus(reader.GetString(4)),
            Input: reader.GetJsonOrNull(5, owner),
            Output: reader.GetJsonOrNull(6, owner),
            Error: reader.GetStringOrNull(7),
            StartedAt: DbValues.FromUnixMs(reader.GetInt64(8)),
            FinishedAt: reader.GetUnixMsOrNull(9),
            DueAt: reader.GetUnixMsOrNull(10));
    }

    public static ExecutionLogRecord ReadLog(DbDataReader reader)
    {
        var executionId = reader.GetString(0);
        return new ExecutionLogRecord(
            ExecutionId: executionId,
            StepId: reader.GetStringOrNull(1),
            Level: StatusNames.ParseLogLevel(reader.GetString(2)),
            Message: reader.GetString(3),
            Data: reader.GetJsonOrNull(4, $"a log line of execution '{executionId}'"),
            At: DbValues.FromUnixMs(reader.GetInt64(5)));
    }

    public static WorkflowVersionRecord ReadWorkflowVersion(DbDataReader reader) => new(
        OrgId: reader.GetString(0),
        Name: reader.GetString(1),
        Version: reader.GetInt32(2),
        Source: reader.GetString(3),
        ContentHash: reader.GetString(4),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(5)));

    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(
        DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }
        }

        return rows;
    }

    public static async Task<T?> ReadSingleAsync<T>(
        DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : null;
        }
    }
}
