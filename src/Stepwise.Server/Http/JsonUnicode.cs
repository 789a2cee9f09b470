using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>
/// JSON allows <c>"\ud800"</c> (an escaped lone surrogate) by its grammar, but such a string is not text: reading
/// it throws deep inside whatever touches it first. Every body parser checks for it right after parsing and
/// answers 400 with the position, before the parser (whose duplicate-key check would throw on it).
/// </summary>
internal static class JsonUnicode
{
    public const string Message = "Malformed JSON: a string holds invalid Unicode (a lone surrogate such as \\ud800)";

    /// <summary>Throws a 400 <see cref="ApiException"/> when a string or key of <paramref name="text"/> is not valid UTF-16.</summary>
    public static void Check(string text)
    {
        // Only an escape can produce a lone surrogate: the text itself is valid (it was decoded as strict UTF-8).
        if (!text.Contains("\\u", StringComparison.Ordinal))
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4096, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            var (line, column) = Position(bytes, (int)reader.TokenStartIndex);
            throw new ApiException(
                StatusCodes.Status400BadRequest,
                ErrorCodes.BadRequest,
                $"{Message} at line {line}, column {column}",
                new JsonObject { ["line"] = line, ["column"] = column });
        }
        catch (JsonException)
        {
            // Malformed JSON: the parser that runs next reports it with its own message.
        }
    }

    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
