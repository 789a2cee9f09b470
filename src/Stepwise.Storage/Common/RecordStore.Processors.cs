using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

internal sealed partial class RecordStore
{
    private const string UpsertProcessorSql = $"""
        INSERT INTO record_processors (org_id, category, workflow, process_on_arrival, created_at, updated_at)
        VALUES (@org_id, @key, @workflow, @on_arrival, @now, @now)
        ON CONFLICT (org_id, category) DO UPDATE
        SET workflow = excluded.workflow, process_on_arrival = excluded.process_on_arrival, updated_at = excluded.updated_at
        RETURNING {RecordRows.ProcessorColumns}
        """;

    private readonly OrgKeyedRows<RecordProcessor> _processors = new(
        writer, readers, "record_processors", "category", RecordRows.ProcessorColumns, "record processor", "record category",
        RecordRows.ReadProcessor);

    public Task<RecordProcessor> PutProcessorAsync(
        string orgId, string category, string workflow, bool processOnArrival, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(category, "record category");
        Require.Text(workflow, "workflow name");
        return writer.WriteAsync(
            $"Binding record category '{category}' of organization '{orgId}' to workflow '{workflow}'",
            async (session, ct) =>
            {
                using var upsert = session.CreateCommand(UpsertProcessorSql);
                upsert.AddParameter("@org_id", orgId);
                upsert.AddParameter("@key", category);
                upsert.AddParameter("@workflow", workflow);
                upsert.AddParameter("@on_arrival", processOnArrival);
                upsert.AddParameter("@now", DbValues.ToUnixMs(now));
                return await RecordReaders.ReadSingleAsync(upsert, RecordRows.ReadProcessor, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Record processor '{category}' was not returned by its upsert.");
            },
            cancellationToken);
    }

    public Task<RecordProcessor?> GetProcessorAsync(string orgId, string category, CancellationToken cancellationToken = default) =>
        _processors.GetAsync(orgId, category, cancellationToken);

    public Task<IReadOnlyList<RecordProcessor>> ListProcessorsAsync(string orgId, CancellationToken cancellationToken = default) =>
        _processors.ListAsync(orgId, cancellationToken);

    public Task<bool> DeleteProcessorAsync(string orgId, string category, CancellationToken cancellationToken = default) =>
        _processors.DeleteAsync(orgId, category, cancellationToken);
}
