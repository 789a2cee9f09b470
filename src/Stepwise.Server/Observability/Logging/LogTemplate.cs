using System.Collections.Concurrent;
using System.Text;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// A message template of Microsoft.Extensions.Logging (<c>request.end {Method} {Path} {StatusCode}</c>) split once
/// into text and holes, so a line renders its message from the event's fields with secret ones masked. The syntax is
/// MEL's: <c>{Name}</c>, <c>{Name:format}</c>, <c>{Name,alignment}</c>, and <c>{{</c>/<c>}}</c> for braces; a hole
/// whose field the event lacks is written as it stands.
/// </summary>
internal sealed class LogTemplate
{
    // Templates come from code ([LoggerMessage] attributes, framework messages), so a few hundred at most; the bound
    // only keeps a caller that builds templates from data from growing the cache without end.
    private const int CachedTemplates = 10_000;

    private static readonly ConcurrentDictionary<string, LogTemplate> Cache = new(StringComparer.Ordinal);

    private readonly Token[] _tokens;

    private LogTemplate(Token[] tokens) => _tokens = tokens;

    public static LogTemplate For(string format) =>
        Cache.TryGetValue(format, out var template) ? template
        : Cache.Count < CachedTemplates ? Cache.GetOrAdd(format, Parse)
        : Parse(format);

    public void Render(LogLine line, StringBuilder builder)
    {
        foreach (var token in _tokens)
        {
            if (token.Field is null)
            {
                builder.Append(token.Text);
            }
            else if (token.Field.IsSecret)
            {
                builder.Append(LogFieldNames.Redacted);
            }
            else if (line.TryGetField(token.Name!, out var value))
            {
                LogValues.AppendPlain(builder, value, token.Format);
            }
            else
            {
                builder.Append(token.Text);
            }
        }
    }

    private static LogTemplate Parse(string format)
    {
        var tokens = new List<Token>();
        var text = new StringBuilder();
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                text.Append(c);
                i += 2;
                continue;
            }

            var close = c == '{' ? format.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                i++;
                continue;
            }

            if (text.Length > 0)
            {
                tokens.Add(Token.Literal(text.ToString()));
                text.Clear();
            }

            tokens.Add(Token.Hole(format[i..(close + 1)]));
            i = close + 1;
        }

        if (text.Length > 0)
        {
            tokens.Add(Token.Literal(text.ToString()));
        }

        return new LogTemplate([.. tokens]);
    }

    /// <summary>Literal text, or a hole: its field's name, its format, and the hole as written (for a missing field).</summary>
    private sealed record Token(string Text, string? Name, string? Format, LogField? Field)
    {
        public static Token Literal(string text) => new(text, null, null, null);

        public static Token Hole(string hole)
        {
            var inner = hole.AsSpan(1, hole.Length - 2);
            string? format = null;
            var colon = inner.IndexOf(':');
            if (colon >= 0)
            {
                format = inner[(colon + 1)..].ToString();
                inner = inner[..colon];
            }

            var comma = inner.IndexOf(',');
            if (comma >= 0)
            {
                inner = inner[..comma];
            }

            var name = inner.Trim().ToString();
            return new Token(hole, name, format, LogFieldNames.Describe(name));
        }
    }
}
