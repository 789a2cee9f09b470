using System.Text.Json.Nodes;

namespace Stepwise.Server.Health;

/// <summary>What one check found: <see cref="HealthStatusNames"/>, the problem when not healthy, and details.</summary>
internal sealed record HealthCheckResult(string Status, string? Error, JsonObject Details)
{
    public static HealthCheckResult Healthy(JsonObject details) => new(HealthStatusNames.Healthy, null, details);

    public static HealthCheckResult Unhealthy(string error, JsonObject? details = null) =>
        new(HealthStatusNames.Unhealthy, error, details ?? []);
}
