using System.Text.Json.Serialization;

namespace Stepwise.Server.Records;

/// <summary>The wire types of records, reports and the query language, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RecordDto))]
[JsonSerializable(typeof(RecordList))]
[JsonSerializable(typeof(RecordBatch))]
[JsonSerializable(typeof(RecordProcessorDto))]
[JsonSerializable(typeof(RecordProcessorList))]
[JsonSerializable(typeof(SummaryReport))]
[JsonSerializable(typeof(Query.QueryResponse))]
internal sealed partial class RecordsJsonContext : JsonSerializerContext;
