using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Stepwise.Server.Health;

/// <summary>The wire types of the health endpoints, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(DetailedHealthReport))]
[JsonSerializable(typeof(RuntimeSnapshot))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
