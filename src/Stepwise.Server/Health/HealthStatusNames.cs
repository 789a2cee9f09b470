namespace Stepwise.Server.Health;

/// <summary>The statuses of checks and of the whole, from best to worst.</summary>
internal static class HealthStatusNames
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unhealthy = "unhealthy";

    public static string Worst(IEnumerable<string> statuses)
    {
        var worst = Healthy;
        foreach (var status in statuses)
        {
            if (status == Unhealthy)
            {
                return Unhealthy;
            }

            if (status == Degraded)
            {
                worst = Degraded;
            }
        }

        return worst;
    }
}
