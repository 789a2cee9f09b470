namespace Stepwise.Server.Records;

internal sealed record RecordProcessorList(IReadOnlyList<RecordProcessorDto> Items);
