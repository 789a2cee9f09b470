using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The values of log fields, written on the logging thread while the caller waits, as message text
/// (<see cref="AppendPlain"/>) or JSON (<see cref="WriteJson"/>). Numbers, times and ids are formatted with the
/// invariant culture; sequences and dictionaries become JSON arrays and objects (at most <see cref="MaxElements"/>
/// elements, <see cref="MaxDepth"/> levels deep), with the keys of dictionaries masked as field names are; a JSON node
/// is written as its JSON text.
/// </summary>
internal static class LogValues
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>The length of a UTC time in the round-trip format: <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    private const int RoundTripLength = 28;

    /// <summary>How deep a logged collection is followed; deeper ones are written as their type's name.</summary>
    private const int MaxDepth = 8;

    /// <summary>How many elements of a logged collection are written.</summary>
    private const int MaxElements = 1_000;

    /// <summary>
    /// The value a line keeps while it is written. A line reads each value twice (its message, its field): an object
    /// that only its ToString can write, and a JSON node, are read once here, as their text (a ToString that logs or
    /// costs runs once, as it did when lines were captured for later), and a sequence that is not a collection as the
    /// list of its elements; strings, numbers, times and collections are kept as they are, which costs nothing.
    /// </summary>
    public static object? ReadOnce(object? value) => value switch
    {
        null or string or bool or IFormattable => value,
        JsonNode node => node.ToJsonString(),

        // Arrays, lists, dictionaries: enumerating again reads the same elements, for nothing.
        ICollection => value,

        // Any other sequence (a query, an iterator, a stream's lines) may compute again or only once: its elements
        // are taken once, as many as are written.
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Take(MaxElements).ToList(),
        IEnumerable sequence => sequence.Cast<object?>().Take(MaxElements).ToList(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>The value as message text: strings unquoted, <c>null</c> for nothing, sequences comma-separated.</summary>
    public static void AppendPlain(StringBuilder builder, object? value, string? format = null) =>
        AppendPlain(builder, value, format, depth: 0);

    public static string Plain(object? value)
    {
        var builder = new StringBuilder();
        AppendPlain(builder, value);
        return builder.ToString();
    }

    /// <summary>Writes a logged value as JSON.</summary>
    public static void WriteJson(Utf8JsonWriter writer, object? value) => WriteJson(writer, value, depth: 0);

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

    private static void AppendPlain(StringBuilder builder, object? value, string? format, int depth)
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
                Span<char> time = stackalloc char[TimestampFormat.Length];
                builder.Append(time[..FormatTime(value, time)]);
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
            case not null when depth >= MaxDepth:
                builder.Append(value.GetType().Name);
                break;
            case JsonNode node:
                builder.Append(node.ToJsonString());
                break;
            case IDictionary dictionary:
                var entries = 0;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entries++ == MaxElements)
                    {
                        break;
                    }

                    AppendPlainPair(builder, entries == 1, KeyOf(entry), entry.Value, depth);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var count = 0;
                foreach (var (key, element) in pairs)
                {
                    if (count++ == MaxElements)
                    {
                        break;
                    }

                    AppendPlainPair(builder, count == 1, key, element, depth);
                }

                break;
            case IEnumerable sequence:
                var elements = 0;
                foreach (var element in sequence)
                {
                    if (elements++ == MaxElements)
                    {
                        break;
                    }

                    builder.Append(elements == 1 ? string.Empty : ", ");
                    AppendPlain(builder, element, null, depth + 1);
                }

                break;
            default:
                builder.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendPlainPair(StringBuilder builder, bool first, string key, object? value, int depth)
    {
        builder.Append(first ? string.Empty : ", ").Append(key).Append('=');
        if (IsSecretKey(key))
        {
            builder.Append(LogFieldNames.Redacted);
        }
        else
        {
            AppendPlain(builder, value, null, depth + 1);
        }
    }

    private static void WriteJson(Utf8JsonWriter writer, object? value, int depth)
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
                WriteTime(writer, value);
                break;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Enum enumeration:
                writer.WriteStringValue(LogFieldNames.ToSnakeCase(enumeration.ToString()));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case not null when depth >= MaxDepth:
                writer.WriteStringValue(value.GetType().Name);
                break;
            case JsonNode node:
                writer.WriteStringValue(node.ToJsonString());
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                var entries = 0;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (entries++ == MaxElements)
                    {
                        break;
                    }

                    WriteJsonPair(writer, KeyOf(entry), entry.Value, depth);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                var count = 0;
                foreach (var (key, element) in pairs)
                {
                    if (count++ == MaxElements)
                    {
                        break;
                    }

                    WriteJsonPair(writer, key, element, depth);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                var elements = 0;
                foreach (var element in sequence)
                {
                    if (elements++ == MaxElements)
                    {
                        break;
                    }

                    WriteJson(writer, element, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteJsonPair(Utf8JsonWriter writer, string key, object? value, int depth)
    {
        writer.WritePropertyName(key);
        if (IsSecretKey(key))
        {
            writer.WriteStringValue(LogFieldNames.Redacted);
        }
        else
        {
            WriteJson(writer, value, depth + 1);
        }
    }

    // Apart from WriteJson: a method with stackalloc is compiled optimized at once, without the profile-guided tier
    // that WriteJson's type tests benefit from.
    private static void WriteTime(Utf8JsonWriter writer, object value)
    {
        Span<char> time = stackalloc char[TimestampFormat.Length];
        writer.WriteStringValue(time[..FormatTime(value, time)]);
    }

    private static string KeyOf(DictionaryEntry entry) => Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A <see cref="DateTime"/> or <see cref="DateTimeOffset"/> as lines write times; the characters written.</summary>
    private static int FormatTime(object value, Span<char> destination)
    {
        var at = value is DateTimeOffset offset ? offset.UtcDateTime : (DateTime)value;
        _ = TryFormatTime(at, destination, out var written);
        return written;
    }
}
