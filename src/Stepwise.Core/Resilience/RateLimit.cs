using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Resilience;

/// <summary>A rate such as <c>30/m</c>: at most <see cref="Permits"/> calls in any window of <see cref="Period"/>.</summary>
internal readonly record struct RateLimit(int Permits, TimeSpan Period)
{
    public const string Expected = "permits per period such as 30/m, 5/s, 1000/h or 10/30s";

    public static bool TryParse(string? text, out RateLimit rate, [NotNullWhen(false)] out string? error)
    {
        rate = default;
        error = null;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash <= 0)
        {
            error = $"rate limit must be {Expected}, got '{text}'";
            return false;
        }

        var periodText = text[(slash + 1)..].Trim();
        if (periodText.Length > 0 && char.IsAsciiLetter(periodText[0]))
        {
            periodText = "1" + periodText;
        }

        if (!int.TryParse(text.AsSpan(0, slash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var permits)
            || permits < 1
            || !Duration.TryParse(periodText, out var period)
            || period <= TimeSpan.Zero)
        {
            error = $"rate limit must be {Expected}, got '{text}'";
            return false;
        }

        rate = new RateLimit(permits, period);
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Permits}/{Duration.Format(Period)}");
}
