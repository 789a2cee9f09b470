namespace Stepwise.Server.Health;

/// <summary>The body of <c>/health</c>, <c>/health/ready</c> and <c>/health/detailed</c>.</summary>
internal sealed record HealthReport(
    string Status,
    string Version,
    string Uptime,
    double UptimeSeconds,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, ComponentHealth> Checks);
