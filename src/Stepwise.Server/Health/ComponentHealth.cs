using System.Text.Json.Nodes;

namespace Stepwise.Server.Health;

/// <summary>One entry of <c>checks</c>: <c>{"status": "healthy", "duration": "1.5ms", "details": {...}}</c>.</summary>
internal sealed record ComponentHealth(string Status, string Duration, double DurationMs, string? Error, JsonObject Details);
