using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>
/// Builds a JSON tree with <see cref="Utf8JsonReader"/>, recording every value's position in a
/// <see cref="SourceMap"/>. Comments and trailing commas are tolerated; duplicate keys are not.
/// </summary>
internal sealed class JsonTreeReader
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Our own depth check runs first and names the limit; this only has to be larger.
        MaxDepth = DocumentLimits.MaxDepth + 8,
    };

    private readonly byte[] _bytes;
    private readonly SourceMap _map;
    private readonly Stack<(JsonNode Node, string? Key)> _stack = new();
    private int _byteCursor;
    private int _charCursor;
    private JsonNode? _root;
    private ReadError? _error;

    private JsonTreeReader(byte[] bytes, SourceMap map)
    {
        _bytes = bytes;
        _map = map;
    }

    public static bool TryRead(string text, SourceMap map, out JsonNode? root, out ReadError? error)
    {
        var reader = new JsonTreeReader(Encoding.UTF8.GetBytes(text), map);
        var ok = reader.Run();
        root = reader._root;
        error = reader._error;
        return ok;
    }

    /// <summary>The problem of a string whose escapes are not valid UTF-16.</summary>
    public const string InvalidUnicode = "a string holds invalid Unicode (a lone surrogate such as \\ud800)";

    private bool Run()
    {
        var reader = new Utf8JsonReader(_bytes, Options);
        try
        {
            while (reader.Read())
            {
                if (!Handle(ref reader))
                {
                    return false;
                }
            }

            if (reader.BytesConsumed == 0 || _stack.Count > 0)
            {
                return Fail("Invalid JSON: the document is empty or ends too early", CharIndex(_bytes.Length));
            }
        }
        catch (JsonException exception)
        {
            return Fail($"Invalid JSON: {Describe(exception)}", Position(exception));
        }
        catch (InvalidOperationException)
        {
            // The reader accepts an escaped lone surrogate ("\ud800") and only reading the string refuses it.
            return Fail($"Invalid JSON: {InvalidUnicode}", CharIndex((int)reader.TokenStartIndex));
        }

        return true;
    }

    private bool Handle(ref Utf8JsonReader reader)
    {
        var start = CharIndex((int)reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                if (_stack.Count >= DocumentLimits.MaxDepth)
                {
                    return Fail($"the document is nested more than {DocumentLimits.MaxDepth} levels deep", start);
                }

                JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                _map.AddValue(container, start);
                Attach(container, start);
                _stack.Push((container, null));
                return true;
            case JsonTokenType.EndObject:
            case JsonTokenType.EndArray:
                _stack.Pop();
                return true;
            case JsonTokenType.PropertyName:
                var key = reader.GetString()!;
                var (owner, _) = _stack.Pop();
                if (((JsonObject)owner).ContainsKey(key))
                {
                    return Fail($"duplicate key '{key}'", start);
                }

                _map.AddKey((JsonObject)owner, key, start);
                _stack.Push((owner, key));
                return true;
            case JsonTokenType.String:
                var text = JsonValue.Create(reader.GetString()!);
                var contentEnd = start + 1 + Encoding.UTF8.GetCharCount(_bytes, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                _map.AddString(text, start, start + 1, contentEnd);
                Attach(text, start);
                return true;
            case JsonTokenType.Number:
                if (!TryNumber(ref reader, out var number))
                {
                    return Fail("number is out of range", start);
                }

                _map.AddValue(number, start);
                Attach(number, start);
                return true;
            case JsonTokenType.True:
            case JsonTokenType.False:
                var flag = JsonValue.Create(reader.TokenType == JsonTokenType.True);
                _map.AddValue(flag, start);
                Attach(flag, start);
                return true;
            case JsonTokenType.Null:
                Attach(null, start);
                return true;
            default:
                return true;
        }
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out JsonNode number)
    {
        if (reader.TryGetInt64(out var whole))
        {
            number = JsonValue.Create(whole);
            return true;
        }

        if (reader.TryGetDecimal(out var exact))
        {
            number = JsonValue.Create(exact);
            return true;
        }

        var ok = reader.TryGetDouble(out var real) && double.IsFinite(real);
        number = JsonValue.Create(real);
        return ok;
    }

    private void Attach(JsonNode? node, int start)
    {
        if (_stack.Count == 0)
        {
            _root = node;
            return;
        }

        var (parent, key) = _stack.Peek();
        if (parent is JsonArray list)
        {
            _map.AddItem(list, start);
            list.Add(node);
        }
        else
        {
            ((JsonObject)parent)[key!] = node;
        }
    }

    // Token positions only move forward, so the byte-to-character conversion resumes where it stopped.
    private int CharIndex(int byteIndex)
    {
        byteIndex = Math.Clamp(byteIndex, 0, _bytes.Length);
        if (byteIndex < _byteCursor)
        {
            _byteCursor = 0;
            _charCursor = 0;
        }

        _charCursor += Encoding.UTF8.GetCharCount(_bytes, _byteCursor, byteIndex - _byteCursor);
        _byteCursor = byteIndex;
        return _charCursor;
    }

    private int Position(JsonException exception)
    {
        if (exception.LineNumber is not { } line || exception.BytePositionInLine is not { } column)
        {
            return CharIndex(_bytes.Length);
        }

        var lineStart = 0;
        for (var i = 0L; i < line && lineStart < _bytes.Length; i++)
        {
            var next = Array.IndexOf(_bytes, (byte)'\n', lineStart);
            lineStart = next < 0 ? _bytes.Length : next + 1;
        }

        _byteCursor = 0;
        _charCursor = 0;
        return CharIndex(lineStart + (int)Math.Min(column, _bytes.Length - lineStart));
    }

    private static string Describe(JsonException exception)
    {
        // System.Text.Json appends " LineNumber: 2 | BytePositionInLine: 4."; the location is reported separately.
        var message = exception.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return suffix >= 0 ? message[..suffix] : message;
    }

    private bool Fail(string message, int index)
    {
        _error = new ReadError(message, index);
        return false;
    }
}
