using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Json;

/// <summary>The wire types of the HTTP API, source-generated, snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(WorkflowDeployed))]
[JsonSerializable(typeof(WorkflowList))]
[JsonSerializable(typeof(WorkflowDetail))]
[JsonSerializable(typeof(WorkflowVersionList))]
[JsonSerializable(typeof(ExecutionAccepted))]
[JsonSerializable(typeof(ExecutionSummary))]
[JsonSerializable(typeof(ExecutionList))]
[JsonSerializable(typeof(ExecutionDetail))]
[JsonSerializable(typeof(ExecutionLogs))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
