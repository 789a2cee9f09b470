using System.Text.Json.Nodes;

namespace Stepwise.Server.Executions;

internal sealed record LogLineDto(DateTimeOffset At, string Level, string? StepId, string Message, JsonNode? Data);
