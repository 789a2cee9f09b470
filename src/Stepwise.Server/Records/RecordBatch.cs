namespace Stepwise.Server.Records;

/// <summary>The records a batch stored, in the order sent.</summary>
internal sealed record RecordBatch(IReadOnlyList<RecordDto> Items);
