using System.Text.Json.Serialization;

namespace Stepwise.Server.Signals;

/// <summary>The wire types of signals and approvals, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SignalWaitDto))]
[JsonSerializable(typeof(SignalWaitList))]
[JsonSerializable(typeof(SignalSent))]
internal sealed partial class SignalsJsonContext : JsonSerializerContext;
