using System.Globalization;

namespace Stepwise.Core.Actions;

/// <summary>Byte counts as messages show them: <c>512 B</c>, <c>3.5 KB</c>, <c>5.2 MB</c>, <c>4 MB</c>.</summary>
internal static class PayloadSize
{
    public static string Format(long bytes)
    {
        const double kb = 1024, mb = kb * 1024, gb = mb * 1024;
        return bytes switch
        {
            < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
            < 1024 * 1024 => Scaled(bytes / kb) + " KB",
            < 1024L * 1024 * 1024 => Scaled(bytes / mb) + " MB",
            _ => Scaled(bytes / gb) + " GB",
        };
    }

    // One decimal, dropped when whole.
    private static string Scaled(double value) =>
        Math.Round(value, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
}
