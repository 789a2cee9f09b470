namespace Stepwise.Server.Records;

/// <summary>The workflow that processes a category's records.</summary>
internal sealed record RecordProcessorDto(string Category, string Workflow, bool ProcessOnArrival, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
