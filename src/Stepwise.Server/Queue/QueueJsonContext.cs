using System.Text.Json.Serialization;

namespace Stepwise.Server.Queue;

/// <summary>The wire types of the queue administration endpoints, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(PurgeResult))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
