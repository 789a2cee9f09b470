using System.Text.Json.Serialization;

namespace Stepwise.Server.Actions;

/// <summary>The wire types of the action endpoints, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ActionTrialResult))]
internal sealed partial class ActionJsonContext : JsonSerializerContext;
