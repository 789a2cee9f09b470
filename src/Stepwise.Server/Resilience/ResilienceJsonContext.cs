using System.Text.Json.Serialization;

namespace Stepwise.Server.Resilience;

/// <summary>The wire types of the circuit breaker endpoints, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CircuitBreakerList))]
[JsonSerializable(typeof(CircuitBreakerReset))]
internal sealed partial class ResilienceJsonContext : JsonSerializerContext;
