namespace Stepwise.Server.Health;

/// <summary><c>/health/detailed</c>: the report, plus the process's runtime counters and the circuit breakers.</summary>
internal sealed record DetailedHealthReport(
    string Status,
    string Version,
    string Uptime,
    double UptimeSeconds,
    DateTimeOffset Timestamp,
    IReadOnlyDictionary<string, ComponentHealth> Checks,
    RuntimeSnapshot Runtime);
