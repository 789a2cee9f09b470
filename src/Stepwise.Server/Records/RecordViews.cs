using Stepwise.Core.Storage;

namespace Stepwise.Server.Records;

/// <summary>Stored records and processors as the API shows them.</summary>
internal static class RecordViews
{
    public static RecordDto Dto(StoredRecord record, IReadOnlyList<RecordRunLink>? runs = null) => new(
        record.Id, record.Source, record.Category, record.Status, record.Payload, record.Output, record.Error, record.ExecutionId,
        record.Attempts, record.CreatedAt, record.UpdatedAt,
        runs?.Select(run => new RecordRunDto(run.ExecutionId, run.CreatedAt, "/api/v1/executions/" + Uri.EscapeDataString(run.ExecutionId))).ToList());

    public static RecordProcessorDto Dto(RecordProcessor processor) =>
        new(processor.Category, processor.Workflow, processor.ProcessOnArrival, processor.CreatedAt, processor.UpdatedAt);
}
