namespace Stepwise.Server.Json;

internal sealed record HealthStatus(string Status, string Version, double UptimeSeconds, DateTimeOffset Timestamp);
