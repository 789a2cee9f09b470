using System.Text.Json.Serialization;

namespace Stepwise.Server.Auth;

/// <summary>The wire types of login, the caller and the audit log, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(Login.LoginTokens))]
[JsonSerializable(typeof(Audit.AuditList))]
[JsonSerializable(typeof(CallerInfo))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
