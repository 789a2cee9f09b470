namespace Stepwise.Server.Records;

/// <summary>A page of records; pass <see cref="NextCursor"/> as <c>?cursor=</c> for the next one.</summary>
internal sealed record RecordList(IReadOnlyList<RecordDto> Items, string? NextCursor, int Limit, int Offset);
