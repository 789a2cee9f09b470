using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>Dates are ISO-8601 strings; the functions read any offset and always answer in UTC.</summary>
internal static partial class FunctionLibrary
{
    /// <summary>The format of <c>now()</c> and <c>parse_date</c>: ISO-8601 UTC with milliseconds.</summary>
    public const string IsoFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static IEnumerable<FunctionDefinition> Dates() =>
    [
        new()
        {
            Name = "now", MinArguments = 0, MaxArguments = 0, Signature = "now() -> string (ISO-8601 UTC)",
            Check = _ => DataType.String,
            Body = static (ref frame, _, _) => JsonValue.Create(frame.Scope.Time.GetUtcNow().UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture)),
        },
        new()
        {
            Name = "format_date", MinArguments = 2, MaxArguments = 2, Signature = "format_date(date: string | int, format: string) -> string",
            Check = call =>
            {
                call.Expect(0, DataKind.String, DataKind.Int);
                call.Expect(1, DataKind.String);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!TryReadDate(ref frame, "format_date", args[0], null, out var date) || !Arguments.TryString(ref frame, "format_date", args, 1, out var format))
                {
                    return null;
                }

                try
                {
                    return JsonValue.Create(date.UtcDateTime.ToString(format, CultureInfo.InvariantCulture));
                }
                catch (FormatException)
                {
                    return frame.Fail($"format_date: invalid date format '{format}'");
                }
            },
        },
        new()
        {
            Name = "parse_date", MinArguments = 1, MaxArguments = 2, Signature = "parse_date(text: string, format: string = any ISO-8601) -> string (ISO-8601 UTC)",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                call.Expect(1, DataKind.String);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                var format = default(string);
                if (args.Length > 1 && !Arguments.TryString(ref frame, "parse_date", args, 1, out format!))
                {
                    return null;
                }

                return TryReadDate(ref frame, "parse_date", args[0], format, out var date)
                    ? JsonValue.Create(date.UtcDateTime.ToString(IsoFormat, CultureInfo.InvariantCulture))
                    : null;
            },
        },
    ];

    /// <summary>Reads a date string (times without an offset are UTC) or Unix seconds.</summary>
    private static bool TryReadDate(ref EvaluationFrame frame, string name, JsonNode? value, string? format, out DateTimeOffset date)
    {
        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces;
        date = default;
        if (format is null && JsonValues.TryGetInt(value, out var seconds))
        {
            if (seconds is >= -62135596800 and <= 253402300799)
            {
                date = DateTimeOffset.FromUnixTimeSeconds(seconds);
                return true;
            }

            frame.Fail($"{name}: {seconds} is out of the range of dates");
            return false;
        }

        if (!JsonValues.TryGetString(value, out var text))
        {
            frame.Fail($"{name}: argument 1 must be a date string, got '{JsonValues.KindName(value)}'");
            return false;
        }

        bool parsed;
        try
        {
            parsed = format is null
                ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out date)
                : DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, styles, out date);
        }
        catch (FormatException)
        {
            // TryParseExact throws for a format that is no format at all ('%' alone; found by the fuzzer).
            frame.Fail($"{name}: invalid date format '{format}'");
            date = default;
            return false;
        }

        if (!parsed)
        {
            frame.Fail(format is null ? $"{name}: '{Shorten(in frame, text)}' is not a date" : $"{name}: '{Shorten(in frame, text)}' does not match the format '{format}'");
        }

        return parsed;
    }
}
