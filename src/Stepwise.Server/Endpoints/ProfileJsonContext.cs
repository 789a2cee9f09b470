using System.Text.Json.Serialization;
using Stepwise.Hosting.Diagnostics;

namespace Stepwise.Server.Endpoints;

/// <summary>The heap summary of <c>/debug/profile/heap</c>, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HeapSummary))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
