using System.Globalization;
using System.Xml;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Durations as workflows write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, combinations such as
/// <c>1h30m</c>, or ISO 8601 (<c>PT30S</c>, <c>P1DT2H</c>). Negative durations are rejected.
/// </summary>
public static class Duration
{
    public const string Expected = "a duration such as 500ms, 30s, 5m, 2h, 1d or PT30S";

    /// <summary>The longest duration a workflow may give (a delay, a timeout, a backoff): about ten years.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>The message of a duration over <see cref="Longest"/>.</summary>
    public static string TooLong(string what, string text) => $"{what} must be at most 3650d (about ten years), got '{text}'";

    /// <summary>Parses like <see cref="TryParse"/> and says whether the text is a duration at all but over <see cref="Longest"/>.</summary>
    public static bool IsTooLong(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed[0] is 'P' or 'p')
        {
            return TryParseIso(trimmed, out var iso) ? iso > Longest : LooksLikeDuration(trimmed);
        }

        return TryParseUnits(trimmed, out var duration) ? duration > Longest : LooksLikeDuration(trimmed);
    }

    // Digits and units only, too large for TimeSpan: 99999999999d.
    private static bool LooksLikeDuration(string text) =>
        text.Length > 1 && text.All(c => char.IsAsciiDigit(c) || c == '.' || char.IsAsciiLetter(c)) && char.IsAsciiDigit(text[0]);

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        return trimmed[0] is 'P' or 'p' ? TryParseIso(trimmed, out duration) : TryParseUnits(trimmed, out duration);
    }

    /// <summary>The shortest text that parses back to the same duration, e.g. <c>90s</c> -> <c>1m30s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>(5);
        var remaining = duration;
        Append(ref remaining, TimeSpan.FromDays(1), "d", parts);
        Append(ref remaining, TimeSpan.FromHours(1), "h", parts);
        Append(ref remaining, TimeSpan.FromMinutes(1), "m", parts);
        Append(ref remaining, TimeSpan.FromSeconds(1), "s", parts);
        if (remaining > TimeSpan.Zero)
        {
            parts.Add(remaining.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms");
        }

        return string.Concat(parts);
    }

    private static void Append(ref TimeSpan remaining, TimeSpan unit, string suffix, List<string> parts)
    {
        var count = remaining.Ticks / unit.Ticks;
        if (count > 0)
        {
            parts.Add(count.ToString(CultureInfo.InvariantCulture) + suffix);
            remaining -= TimeSpan.FromTicks(count * unit.Ticks);
        }
    }

    private static bool TryParseIso(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        try
        {
            duration = XmlConvert.ToTimeSpan(text.ToUpperInvariant());
            return duration >= TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryParseUnits(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var position = 0;
        double totalMilliseconds = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (position == numberStart || !double.TryParse(
                    text.AsSpan(numberStart, position - numberStart),
                    NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture,
                    out var amount))
            {
                return false;
            }

            var unitStart = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            double? unitMilliseconds = text.AsSpan(unitStart, position - unitStart) switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => null,
            };
            if (unitMilliseconds is null)
            {
                return false;
            }

            totalMilliseconds += amount * unitMilliseconds.Value;
        }

        if (totalMilliseconds > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(totalMilliseconds);
        return true;
    }
}
