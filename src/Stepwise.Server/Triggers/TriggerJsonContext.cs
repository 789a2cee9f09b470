using System.Text.Json.Serialization;

namespace Stepwise.Server.Triggers;

/// <summary>The wire types of the trigger endpoints, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ScheduleList))]
internal sealed partial class TriggerJsonContext : JsonSerializerContext;
