using System.Globalization;
using System.Text;

namespace Stepwise.Server.Health;

/// <summary>Durations as the health endpoints print them, in the style of Go: <c>1.5ms</c>, <c>24h5m30s</c>.</summary>
internal static class Durations
{
    public static string Short(TimeSpan duration) =>
        duration.TotalMilliseconds < 1000
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMilliseconds, 2)}ms")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalSeconds, 2)}s");

    public static string Uptime(TimeSpan uptime)
    {
        var builder = new StringBuilder();
        var hours = (long)uptime.TotalHours;
        if (hours > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || uptime.Minutes > 0)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{uptime.Minutes}m");
        }

        builder.Append(CultureInfo.InvariantCulture, $"{uptime.Seconds}s");
        return builder.ToString();
    }
}
