using System.Text.Json.Serialization;

namespace Stepwise.Server.Secrets;

/// <summary>The wire types of secrets, configuration and OAuth connections, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SecretInfo))]
[JsonSerializable(typeof(SecretList))]
[JsonSerializable(typeof(ConfigEntry))]
[JsonSerializable(typeof(ConfigList))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;
