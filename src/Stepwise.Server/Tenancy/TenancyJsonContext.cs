using System.Text.Json.Serialization;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The wire types of organizations, API keys and users, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrganizationDto))]
[JsonSerializable(typeof(OrganizationList))]
[JsonSerializable(typeof(ApiKeyDto))]
[JsonSerializable(typeof(ApiKeyList))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(UserList))]
internal sealed partial class TenancyJsonContext : JsonSerializerContext;
