using System.Globalization;
using Stepwise.Core.Definitions;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Executions;

/// <summary>Parses query values, each failure a 400 that names the parameter and what it accepts.</summary>
internal static class QueryValues
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static ErrorResult? Wait(string? text, out TimeSpan? wait)
    {
        wait = null;
        if (text is null)
        {
            return null;
        }

        if (!Duration.TryParse(text, out var value) || value <= TimeSpan.Zero || value > MaxWait)
        {
            return Bad("wait", text, $"a duration from 1ms to {Duration.Format(MaxWait)}, such as 30s");
        }

        wait = value;
        return null;
    }

    public static ErrorResult? Limit(string? text, out int limit)
    {
        limit = DefaultLimit;
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
        {
            limit = DefaultLimit;
            return Bad("limit", text, $"a whole number from 1 to {MaxLimit}");
        }

        return null;
    }

    /// <summary>An ISO 8601 time (<c>2025-03-01T12:00:00Z</c>), or a duration meaning that long ago (<c>24h</c>).</summary>
    public static ErrorResult? Time(string name, string? text, TimeProvider time, out DateTimeOffset? at)
    {
        at = null;
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(
                text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            && text.Length >= 10)
        {
            at = parsed;
            return null;
        }

        if (Duration.TryParse(text, out var ago) && ago <= TimeSpan.FromDays(36500))
        {
            at = time.GetUtcNow() - ago;
            return null;
        }

        return Bad(name, text, "an ISO 8601 time such as 2025-03-01T12:00:00Z, or a duration ago such as 24h");
    }

    /// <summary>A 422 naming the parameter, the value and what it accepts (the one wording of every list endpoint).</summary>
    public static ErrorResult Bad(string name, string value, string expected) =>
        Http.KnownQueryParameters.Invalid(name, value, expected);
}
