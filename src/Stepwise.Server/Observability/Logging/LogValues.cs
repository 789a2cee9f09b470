using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The values of log fields: captured on the logging thread (<see cref="Snapshot"/>), then written by the writer's
/// thread as message text (<see cref="AppendPlain"/>) or JSON (<see cref="WriteJson"/>). Numbers, times and ids are
/// formatted with the invariant culture; sequences and dictionaries become JSON arrays and objects.
/// </summary>
internal static class LogValues
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>The length of a UTC time in the round-trip format: <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    private const int RoundTripLength = 28;

    /// <summary>How deep a logged collection is followed; deeper ones are written as their type's name.</summary>
    private const int MaxDepth = 8;

    /// <summary>How many elements of a logged collection are kept.</summary>
    private const int MaxElements = 1_000;

    /// <summary>
    /// The value as the line will write it, taken now: immutable values as they are, collections copied (the caller
    /// may change or reuse them once the log call returns), anything else as its text.
    /// </summary>
    public static object? Snapshot(object? value, int depth = 0) => value switch
    {
        null or string or bool or char or Enum => value,
        int or long or double or float or decimal or short or ushort or byte or sbyte or uint or ulong => value,
        DateTime or DateTimeOffset or TimeSpan or Guid or DateOnly or TimeOnly => value,
        _ when depth >= MaxDepth => value.GetType().Name,
        System.Text.Json.Nodes.JsonNode node => node.ToJsonString(),
        IDictionary dictionary => SnapshotDictionary(dictionary, depth),
        IEnumerable<KeyValuePair<string, object?>> pairs => SnapshotPairs(pairs, depth),
        IEnumerable sequence => SnapshotSequence(sequence, depth),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The value as message text: strings unquoted, <c>null</c> for nothing, sequences comma-separated.</summary>
    public static void AppendPlain(StringBuilder builder, object? value, string? format = null)
    {
        switch (value)
        {
            case null:
                builder.Append("null");
                break;
            case string text:
                builder.Append(text);
                break;
            case DateTime or DateTimeOffset when format is null:
                builder.Append(Time(value));
                break;
            case ISpanFormattable formattable:
                Span<char> formatted = stackalloc char[64];
                if (formattable.TryFormat(formatted, out var written, format, CultureInfo.InvariantCulture))
                {
                    builder.Append(formatted[..written]);
                }
                else
                {
                    builder.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
                }

                break;
            case IFormattable formattable:
                builder.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            case KeyValuePair<string, object?>[] pairs:
                for (var i = 0; i < pairs.Length; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ").Append(pairs[i].Key).Append('=');
                    if (IsSecretKey(pairs[i].Key))
                    {
                        builder.Append(LogFieldNames.Redacted);
                    }
                    else
                    {
                        AppendPlain(builder, pairs[i].Value);
                    }
                }

                break;
            case object?[] elements:
                for (var i = 0; i < elements.Length; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    AppendPlain(builder, elements[i]);
                }

                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    public static string Plain(object? value)
    {
        var builder = new StringBuilder();
        AppendPlain(builder, value);
        return builder.ToString();
    }

    /// <summary>Writes a snapshot taken by <see cref="Snapshot"/>; the keys of logged dictionaries are masked as field names are.</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case short or ushort or byte or sbyte or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case DateTime or DateTimeOffset:
                writer.WriteStringValue(Time(value));
                break;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Enum enumeration:
                writer.WriteStringValue(LogFieldNames.ToSnakeCase(enumeration.ToString()));
                break;
            case KeyValuePair<string, object?>[] pairs:
                writer.WriteStartObject();
                foreach (var (key, element) in pairs)
                {
                    writer.WritePropertyName(key);
                    if (IsSecretKey(key))
                    {
                        writer.WriteStringValue(LogFieldNames.Redacted);
                    }
                    else
                    {
                        WriteJson(writer, element);
                    }
                }

                writer.WriteEndObject();
                break;
            case object?[] elements:
                writer.WriteStartArray();
                foreach (var element in elements)
                {
                    WriteJson(writer, element);
                }

                writer.WriteEndArray();
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A time as lines write their own: UTC, milliseconds, <c>Z</c>.</summary>
    /// <remarks>
    /// Cut from the round-trip format (<c>2026-12-07T07:23:20.8661234Z</c>), which .NET writes on a fast path of its
    /// own, where the custom format <see cref="TimestampFormat"/> is interpreted pattern letter by letter on every
    /// line. Both drop the digits after the milliseconds rather than rounding.
    /// </remarks>
    public static bool TryFormatTime(DateTime at, Span<char> destination, out int written)
    {
        Span<char> roundTrip = stackalloc char[RoundTripLength];
        var utc = DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc);
        if (destination.Length < TimestampFormat.Length
            || !utc.TryFormat(roundTrip, out var full, "O", CultureInfo.InvariantCulture)
            || full != RoundTripLength)
        {
            return utc.TryFormat(destination, out written, TimestampFormat, CultureInfo.InvariantCulture);
        }

        // yyyy-MM-ddTHH:mm:ss.fff (23 characters) of yyyy-MM-ddTHH:mm:ss.fffffffZ, then the Z.
        roundTrip[..23].CopyTo(destination);
        destination[23] = 'Z';
        written = TimestampFormat.Length;
        return true;
    }

    private static bool IsSecretKey(string key) => LogFieldNames.IsSecret(LogFieldNames.ToSnakeCase(key));

    private static string Time(object value)
    {
        var at = value is DateTimeOffset offset ? offset.UtcDateTime : (DateTime)value;
        Span<char> text = stackalloc char[TimestampFormat.Length];
        _ = TryFormatTime(at, text, out var written);
        return text[..written].ToString();
    }

    private static KeyValuePair<string, object?>[] SnapshotDictionary(IDictionary dictionary, int depth)
    {
        var pairs = new List<KeyValuePair<string, object?>>(Math.Min(dictionary.Count, MaxElements));
        foreach (DictionaryEntry entry in dictionary)
        {
            if (pairs.Count == MaxElements)
            {
                break;
            }

            pairs.Add(new(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Snapshot(entry.Value, depth + 1)));
        }

        return [.. pairs];
    }

    private static KeyValuePair<string, object?>[] SnapshotPairs(IEnumerable<KeyValuePair<string, object?>> source, int depth)
    {
        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (var (key, element) in source)
        {
            if (pairs.Count == MaxElements)
            {
                break;
            }

            pairs.Add(new(key, Snapshot(element, depth + 1)));
        }

        return [.. pairs];
    }

    private static object?[] SnapshotSequence(IEnumerable sequence, int depth)
    {
        var elements = new List<object?>();
        foreach (var element in sequence)
        {
            if (elements.Count == MaxElements)
            {
                break;
            }

            elements.Add(Snapshot(element, depth + 1));
        }

        return [.. elements];
    }
}
