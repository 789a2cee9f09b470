using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Conversions between records and columns. Times are stored as UTC unix milliseconds (integers sort and compare
/// the same in every engine; sub-millisecond precision is dropped). JSON is stored as text.
/// </summary>
internal static class DbValues
{
    public static long ToUnixMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static object ToUnixMsOrNull(DateTimeOffset? value) =>
        value is { } time ? time.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset FromUnixMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    // Stored JSON is read back by a JSON parser, never placed in HTML: quotes, '<', '&' and non-ASCII letters stay as
    // they are instead of becoming \u0022-style escapes (a webhook's raw body is full of quotes), which is shorter on
    // disk and cheaper to write. Control characters are still escaped.
    // MaxDepth as deep as a JSON writer allows by default (1000), not the serializer's 64: what a run was given must be
    // stored, and a webhook body at the request's depth limit sits a level deeper inside the run's trigger.
    private static readonly JsonSerializerOptions StoredJsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 1000,
    };

    /// <summary>
    /// The writer options of <see cref="StoredJsonOptions"/>, for writing stored JSON as UTF-8 without a string
    /// (as <see cref="JsonNode.ToJsonString"/> makes them from the serializer's options).
    /// </summary>
    public static readonly JsonWriterOptions StoredJsonWriterOptions = new()
    {
        Encoder = StoredJsonOptions.Encoder,
        MaxDepth = StoredJsonOptions.MaxDepth,
        SkipValidation = true,
    };

    /// <summary>Writes the text a JSON column stores for <paramref name="node"/> (<see cref="Json"/>) to <paramref name="writer"/>.</summary>
    public static void WriteJson(Utf8JsonWriter writer, JsonNode node) => node.WriteTo(writer, StoredJsonOptions);

    /// <summary>The text a JSON column stores for <paramref name="node"/>.</summary>
    public static string Json(JsonNode node) => node.ToJsonString(StoredJsonOptions);

    public static object JsonOrNull(JsonNode? node) => node is null ? DBNull.Value : Json(node);

    public static object TextOrNull(string? text) => text is null ? DBNull.Value : text;

    public static DbCommand CreateCommand(this DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public static DbParameter AddParameter(this DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        command.AddParameter(name).Value = value ?? DBNull.Value;
    }

    public static DateTimeOffset? GetUnixMsOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Reads a JSON column; a value that does not parse is reported with the record it belongs to.</summary>
    public static JsonNode? GetJsonOrNull(this DbDataReader reader, int ordinal, string owner)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var text = reader.GetString(ordinal);
        try
        {
            return JsonNode.Parse(text, nodeOptions: null, StoredJson.DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw new StorageException(
                $"Column '{reader.GetName(ordinal)}' of {owner} holds text that is not valid JSON: {exception.Message}",
                exception);
        }
    }
}
