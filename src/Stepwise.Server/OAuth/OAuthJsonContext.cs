using System.Text.Json.Serialization;

namespace Stepwise.Server.OAuth;

/// <summary>The wire types of OAuth connections, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OAuthConnectionInfo))]
[JsonSerializable(typeof(OAuthConnectionList))]
[JsonSerializable(typeof(OAuthAuthorized))]
[JsonSerializable(typeof(OAuthAuthorizeUrl))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
