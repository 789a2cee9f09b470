using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Records;

/// <summary>The opaque <c>next_cursor</c> of a records page: base64url of the last record's sort key, time and id.</summary>
internal static class RecordCursorCodec
{
    public static string Encode(RecordCursor cursor)
    {
        var json = new JsonObject { ["t"] = cursor.Text, ["u"] = cursor.UpdatedAt, ["c"] = cursor.CreatedAt, ["i"] = cursor.Id };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    public static bool TryDecode(string text, out RecordCursor? cursor)
    {
        cursor = null;
        try
        {
            if (text.Length > 1024 || JsonNode.Parse(Base64Url.DecodeFromChars(text)) is not JsonObject json
                || json["i"] is not JsonValue id || json["c"] is not JsonValue created)
            {
                return false;
            }

            cursor = new RecordCursor(
                json["t"]?.GetValue<string>(), json["u"]?.GetValue<long>(), created.GetValue<long>(), id.GetValue<string>());
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
