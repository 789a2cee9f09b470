using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Schedule last-fired times. Compare-and-set goes through the single writer as a conditional insert or update, and
/// the affected row count says who won, so it works the same with several nodes on one PostgreSQL.
/// </summary>
internal sealed class ScheduleStateStore : IScheduleStateStore
{
    private const string SelectSql = """
        SELECT last_fired_at FROM schedule_state
        WHERE org_id = @org_id AND workflow = @workflow AND trigger_id = @trigger_id
        """;

    private const string InsertSql = """
        INSERT INTO schedule_state (org_id, workflow, trigger_id, last_fired_at)
        VALUES (@org_id, @workflow, @trigger_id, @last_fired_at)
        ON CONFLICT DO NOTHING
        """;

    private const string UpdateSql = """
        UPDATE schedule_state SET last_fired_at = @last_fired_at
        WHERE org_id = @org_id AND workflow = @workflow AND trigger_id = @trigger_id AND last_fired_at = @expected
        """;

    private const string DeleteSql = "DELETE FROM schedule_state WHERE org_id = @org_id AND workflow = @workflow";

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public ScheduleStateStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task<DateTimeOffset?> GetLastFiredAsync(ScheduleKey key, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return _readers.ReadAsync(
            $"Reading the last-fired time of schedule {key}",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(SelectSql);
                AddKey(command, key);
                var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
                return value is null or DBNull ? (DateTimeOffset?)null : DbValues.FromUnixMs(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
            },
            cancellationToken);
    }

    public Task<bool> TrySetLastFiredAsync(
        ScheduleKey key, DateTimeOffset? expected, DateTimeOffset lastFired, CancellationToken cancellationToken = default)
    {
        RequireKey(key);
        return _writer.WriteAsync(
            $"Setting the last-fired time of schedule {key}",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(expected is null ? InsertSql : UpdateSql);
                AddKey(command, key);
                command.AddParameter("@last_fired_at", DbValues.ToUnixMs(lastFired));
                if (expected is { } previous)
                {
                    command.AddParameter("@expected", DbValues.ToUnixMs(previous));
                }

                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<int> DeleteWorkflowAsync(string orgId, string workflow, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(workflow, "workflow name");
        return _writer.WriteAsync(
            $"Deleting the schedule state of workflow '{workflow}' in org '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(DeleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@workflow", workflow);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private static void RequireKey(ScheduleKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Require.Text(key.OrgId, "org id of the schedule");
        Require.Text(key.Workflow, "workflow of the schedule");
        Require.Text(key.TriggerId, "trigger id of the schedule");
    }

    private static void AddKey(System.Data.Common.DbCommand command, ScheduleKey key)
    {
        command.AddParameter("@org_id", key.OrgId);
        command.AddParameter("@workflow", key.Workflow);
        command.AddParameter("@trigger_id", key.TriggerId);
    }
}
