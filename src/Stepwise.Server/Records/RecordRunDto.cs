namespace Stepwise.Server.Records;

/// <summary>A run that processed a record, with where to read it.</summary>
internal sealed record RecordRunDto(string ExecutionId, DateTimeOffset CreatedAt, string Url);
